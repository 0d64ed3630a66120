using HiPayMirakl.Core.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.Core.Features.Access;

public static class AccessServices
{
    /// <summary>Failed sign-ins in a row before the account is locked, and for how long.</summary>
    public const int MaxFailedSignIns = 5;

    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    public const int MinimumPasswordLength = 12;

    /// <summary>
    /// Users (ASP.NET Core Identity over the connector's database: hashing, lockout, roles) and API keys. The web host
    /// adds the sign-in cookie on top; the command line uses these alone.
    /// </summary>
    public static IdentityBuilder AddAccess(this IServiceCollection services)
    {
        services.AddScoped<ApiKeyService>();
        services.AddScoped<UserAdministration>();
        return services
            .AddIdentityCore<ConnectorUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                // Length over composition rules: a long passphrase is stronger than a short mix of classes.
                o.Password.RequiredLength = MinimumPasswordLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = MaxFailedSignIns;
                o.Lockout.DefaultLockoutTimeSpan = LockoutDuration;
            })
            .AddRoles<IdentityRole<long>>()
            .AddEntityFrameworkStores<ConnectorDbContext>();
    }
}
