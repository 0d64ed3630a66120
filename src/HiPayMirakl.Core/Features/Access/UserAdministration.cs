using System.Globalization;
using HiPayMirakl.Core.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Core.Features.Access;

/// <summary>One user as the command line and the admin API show it (never the password hash nor the security stamp).</summary>
public sealed record UserView(long Id, string Email, string? Role, DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt, DateTimeOffset? LockedOutUntil, int FailedAttempts);

/// <summary>
/// Adding users, changing their password or role, disabling them. Each change runs in one transaction: a refused
/// request (weak password, unknown role, e-mail already used) leaves no row behind. A user holds exactly one role.
/// </summary>
public sealed class UserAdministration(ConnectorDbContext db, UserManager<ConnectorUser> users, TimeProvider clock)
{
    public async Task<UserView> AddAsync(string email, string password, string role, CancellationToken ct)
    {
        role = ConnectorRoles.Require(role);
        email = (email ?? "").Trim();
        if (email.Length == 0 || !email.Contains('@', StringComparison.Ordinal))
        {
            throw new AccessException($"'{email}' is not an e-mail address");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var user = new ConnectorUser { UserName = email, Email = email, LockoutEnabled = true };
        Check(await users.CreateAsync(user, password ?? ""), $"user {email}");
        Check(await users.AddToRoleAsync(user, role), $"user {email}");
        await transaction.CommitAsync(ct);
        return await ViewAsync(user, ct);
    }

    /// <summary>Replaces the password; the user's other sessions end (new security stamp).</summary>
    public async Task<UserView> SetPasswordAsync(string email, string password, CancellationToken ct)
    {
        var user = await FindAsync(email);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        Check(await users.RemovePasswordAsync(user), $"user {email}");
        Check(await users.AddPasswordAsync(user, password ?? ""), $"user {email}");
        await transaction.CommitAsync(ct);
        return await ViewAsync(user, ct);
    }

    /// <summary>Gives the user <paramref name="role"/> in place of the one it had.</summary>
    public async Task<UserView> SetRoleAsync(string email, string role, CancellationToken ct)
    {
        role = ConnectorRoles.Require(role);
        var user = await FindAsync(email);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var current = await users.GetRolesAsync(user);
        if (current.Count > 0)
        {
            Check(await users.RemoveFromRolesAsync(user, current), $"user {email}");
        }

        Check(await users.AddToRoleAsync(user, role), $"user {email}");
        // Sessions carry the role they were opened with: end them.
        Check(await users.UpdateSecurityStampAsync(user), $"user {email}");
        await transaction.CommitAsync(ct);
        return await ViewAsync(user, ct);
    }

    /// <summary>The user can no longer sign in, and its open sessions end at their next request.</summary>
    public async Task<UserView> DisableAsync(string email, CancellationToken ct)
    {
        var user = await FindAsync(email);
        user.DisabledAt ??= clock.GetUtcNow();
        Check(await users.UpdateSecurityStampAsync(user), $"user {email}");
        return await ViewAsync(user, ct);
    }

    public async Task<UserView> GetAsync(long id, CancellationToken ct) =>
        (await ListAsync(ct)).SingleOrDefault(u => u.Id == id)
        ?? throw new AccessException(string.Create(CultureInfo.InvariantCulture, $"user {id} does not exist"));

    public async Task<IReadOnlyList<UserView>> ListAsync(CancellationToken ct)
    {
        var roles = await (
            from ur in db.Set<IdentityUserRole<long>>()
            join r in db.Set<IdentityRole<long>>() on ur.RoleId equals r.Id
            select new { ur.UserId, r.Name }).ToListAsync(ct);
        var byUser = roles.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => g.Select(r => r.Name).Order(StringComparer.Ordinal).First());
        var rows = await db.Users.AsNoTracking().OrderBy(u => u.Id).ToListAsync(ct);
        return [.. rows.Select(u => View(u, byUser.GetValueOrDefault(u.Id)))];
    }

    private async Task<ConnectorUser> FindAsync(string email) =>
        await users.FindByEmailAsync((email ?? "").Trim()) ?? throw new AccessException($"user {email} does not exist");

    private async Task<UserView> ViewAsync(ConnectorUser user, CancellationToken ct)
    {
        var role = (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal).FirstOrDefault();
        ct.ThrowIfCancellationRequested();
        return View(user, role);
    }

    private UserView View(ConnectorUser u, string? role) => new(
        u.Id, u.Email ?? u.UserName ?? "", role, u.CreatedAt, u.DisabledAt,
        u.LockoutEnd is { } end && end > clock.GetUtcNow() ? end : null, u.AccessFailedCount);

    private static void Check(IdentityResult result, string subject)
    {
        if (!result.Succeeded)
        {
            throw new AccessException($"{subject}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
