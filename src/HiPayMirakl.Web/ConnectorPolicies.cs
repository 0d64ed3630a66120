using HiPayMirakl.Core.Features.Access;
using Microsoft.AspNetCore.Authorization;

namespace HiPayMirakl.Web;

/// <summary>
/// The three roles and the policies routes require. Each policy admits its role and every stronger one:
/// a viewer reads, an operator also runs jobs and holds or releases money, an admin also manages users and settings.
/// </summary>
public static class ConnectorPolicies
{
    public const string Viewer = ConnectorRoles.Viewer;
    public const string Operator = ConnectorRoles.Operator;
    public const string Admin = ConnectorRoles.Admin;

    public static IReadOnlyList<string> Roles => ConnectorRoles.All;

    public static void Configure(AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddPolicy(Viewer, p => p.RequireAuthenticatedUser().RequireRole(Viewer, Operator, Admin));
        options.AddPolicy(Operator, p => p.RequireAuthenticatedUser().RequireRole(Operator, Admin));
        options.AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireRole(Admin));
    }
}
