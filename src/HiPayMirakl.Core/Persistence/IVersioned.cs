namespace HiPayMirakl.Core.Persistence;

/// <summary>
/// Optimistic concurrency through an application-managed counter: SQLite has no generated row versions, so the
/// context bumps <see cref="Version"/> on every update and EF checks the old value in the WHERE clause.
/// </summary>
public interface IVersioned
{
    long Version { get; set; }
}

public interface ITimestamped
{
    DateTimeOffset CreatedAt { get; set; }

    DateTimeOffset UpdatedAt { get; set; }
}
