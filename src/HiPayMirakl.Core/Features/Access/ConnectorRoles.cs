namespace HiPayMirakl.Core.Features.Access;

/// <summary>
/// The three roles, weakest first. A viewer reads; an operator also runs jobs, holds and releases legs and moves money
/// by direct debit; an admin also manages users and API keys. The web host's policies carry the same names.
/// </summary>
public static class ConnectorRoles
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Viewer, Operator, Admin];

    /// <summary>The role's canonical name, or null when <paramref name="name"/> is not one of the three.</summary>
    public static string? Parse(string? name) =>
        All.FirstOrDefault(r => string.Equals(r, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The canonical role name; an unknown one is an <see cref="AccessException"/> naming the accepted values.</summary>
    public static string Require(string? name) =>
        Parse(name) ?? throw new AccessException($"role '{name}' is not one of {string.Join(", ", All)}");
}
