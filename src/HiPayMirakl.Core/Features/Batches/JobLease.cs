namespace HiPayMirakl.Core.Features.Batches;

/// <summary>
/// A lease row: at most one runner per job across instances. Taken by an atomic conditional UPDATE/INSERT on the
/// primary key, released at the end, and expiring so a crashed runner does not block the job forever.
/// </summary>
public sealed class JobLease
{
    public string JobName { get; set; } = "";

    public string Holder { get; set; } = "";

    public DateTimeOffset AcquiredAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
