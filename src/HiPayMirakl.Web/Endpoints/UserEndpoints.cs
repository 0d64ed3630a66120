using HiPayMirakl.Core.Features.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HiPayMirakl.Web.Endpoints;

public sealed record NewUserRequest(string? Email, string? Password, string? Role);

public sealed record RoleRequest(string? Role);

public sealed record PasswordRequest(string? Password);

public sealed record NewApiKeyRequest(string? Name, string? Role);

public sealed record ApiKeyView(long Id, string Name, string Role, string Prefix, DateTimeOffset CreatedAt, string? CreatedBy, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>The key of a new API key, in this answer only: it is stored hashed and never shown again.</summary>
public sealed record CreatedApiKeyView(ApiKeyView ApiKey, string Key);

/// <summary>Users (<c>/api/users</c>) and API keys (<c>/api/api-keys</c>): admin only.</summary>
public static class UserEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var users = AdminApi.Group(app, "/api/users", "Users").RequireAuthorization(ConnectorPolicies.Admin);

        users.MapGet("", async (UserAdministration admin, int? page, int? pageSize, CancellationToken ct) =>
            Results.Ok(Paging.Of(await admin.ListAsync(ct), page, pageSize)));

        users.MapGet("/{id:long}", async (long id, UserAdministration admin, CancellationToken ct) =>
            (await admin.ListAsync(ct)).SingleOrDefault(u => u.Id == id) is { } user ? Results.Ok(user) : AdminApi.NotFound("user"));

        users.MapPost("", async (NewUserRequest r, UserAdministration admin, CancellationToken ct) =>
        {
            if (ConnectorRoles.Parse(r.Role) is null)
            {
                return AdminApi.Invalid("role", $"role must be one of {string.Join(", ", ConnectorRoles.All)}.");
            }

            var user = await admin.AddAsync(r.Email ?? "", r.Password ?? "", r.Role!, ct);
            return Results.Created($"/api/users/{user.Id}", user);
        });

        users.MapPut("/{id:long}/role", async (long id, RoleRequest r, UserAdministration admin, CancellationToken ct) =>
            await EmailOfAsync(admin, id, ct) is { } email
                ? ConnectorRoles.Parse(r.Role) is null
                    ? AdminApi.Invalid("role", $"role must be one of {string.Join(", ", ConnectorRoles.All)}.")
                    : Results.Ok(await admin.SetRoleAsync(email, r.Role!, ct))
                : AdminApi.NotFound("user"));

        users.MapPost("/{id:long}/password", async (long id, PasswordRequest r, UserAdministration admin, CancellationToken ct) =>
            await EmailOfAsync(admin, id, ct) is { } email
                ? Results.Ok(await admin.SetPasswordAsync(email, r.Password ?? "", ct))
                : AdminApi.NotFound("user"));

        users.MapPost("/{id:long}/disable", async (long id, UserAdministration admin, CancellationToken ct) =>
            await EmailOfAsync(admin, id, ct) is { } email
                ? Results.Ok(await admin.DisableAsync(email, ct))
                : AdminApi.NotFound("user"));

        var keys = AdminApi.Group(app, "/api/api-keys", "API keys").RequireAuthorization(ConnectorPolicies.Admin);

        keys.MapGet("", async (ApiKeyService service, CancellationToken ct) =>
            Results.Ok((await service.ListAsync(ct)).Select(View)));

        keys.MapPost("", async (NewApiKeyRequest r, ApiKeyService service, HttpContext http, CancellationToken ct) =>
        {
            if (ConnectorRoles.Parse(r.Role) is null)
            {
                return AdminApi.Invalid("role", $"role must be one of {string.Join(", ", ConnectorRoles.All)}.");
            }

            var created = await service.CreateAsync(r.Name ?? "", r.Role!, AdminApi.Actor(http), ct);
            return Results.Created($"/api/api-keys/{created.Row.Id}", new CreatedApiKeyView(View(created.Row), created.Key));
        });

        keys.MapPost("/{id:long}/revoke", async (long id, ApiKeyService service, CancellationToken ct) =>
            (await service.ListAsync(ct)).Any(k => k.Id == id)
                ? Results.Ok(View(await service.RevokeAsync(id, ct)))
                : AdminApi.NotFound("API key"));
    }

    internal static ApiKeyView View(ApiKey k) => new(k.Id, k.Name, k.Role, k.Prefix, k.CreatedAt, k.CreatedBy, k.LastUsedAt, k.RevokedAt);

    private static async Task<string?> EmailOfAsync(UserAdministration admin, long id, CancellationToken ct) =>
        (await admin.ListAsync(ct)).SingleOrDefault(u => u.Id == id)?.Email;
}
