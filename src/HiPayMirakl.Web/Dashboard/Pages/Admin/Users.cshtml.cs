using HiPayMirakl.Core.Features.Access;
using HiPayMirakl.Web.Dashboard.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace HiPayMirakl.Web.Dashboard.Pages.Admin;

/// <summary>
/// Users and API keys (admins): the same <see cref="UserAdministration"/> and <see cref="ApiKeyService"/> as
/// /api/users and /api/api-keys. A new API key is shown once, in the answer to the form that created it (never kept
/// in a cookie or the session); only its hash is stored.
/// </summary>
[Authorize(Policy = ConnectorPolicies.Admin)]
public sealed class UsersModel(UserAdministration users, ApiKeyService keys, IStringLocalizer<OperationsText> text) : PageModel
{
    public IReadOnlyList<UserView> Users { get; private set; } = [];

    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];

    /// <summary>The key just created, shown on this answer only.</summary>
    public string? CreatedKey { get; private set; }

    public string? Error { get; private set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? Role { get; set; }

    [BindProperty]
    public string? KeyName { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostAddAsync(CancellationToken ct) =>
        ActAsync(async () =>
        {
            var user = await users.AddAsync(Email ?? "", Password ?? "", ConnectorRoles.Require(Role), ct);
            return text["User {0} added as {1}.", user.Email, user.Role ?? ""];
        }, ct);

    public Task<IActionResult> OnPostRoleAsync(long id, string? role, CancellationToken ct) =>
        ActAsync(async () =>
        {
            var user = await users.SetRoleAsync((await users.GetAsync(id, ct)).Email, ConnectorRoles.Require(role), ct);
            return text["{0} is now {1}.", user.Email, user.Role ?? ""];
        }, ct);

    public Task<IActionResult> OnPostDisableAsync(long id, CancellationToken ct) =>
        ActAsync(async () =>
        {
            var user = await users.DisableAsync((await users.GetAsync(id, ct)).Email, ct);
            return text["{0} is disabled.", user.Email];
        }, ct);

    public async Task<IActionResult> OnPostCreateKeyAsync(CancellationToken ct)
    {
        try
        {
            var created = await keys.CreateAsync(KeyName ?? "", ConnectorRoles.Require(Role), User.Identity?.Name, ct);
            CreatedKey = created.Key;
        }
        catch (AccessException ex)
        {
            Error = ex.Message;
        }

        await LoadAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken ct) =>
        ActAsync(async () =>
        {
            var key = await keys.RevokeAsync(id, ct);
            return text["API key {0} is revoked.", key.Name];
        }, ct);

    /// <summary>Runs a change; a refusal (weak password, e-mail in use, unknown role…) is shown on the page, nothing changed.</summary>
    private async Task<IActionResult> ActAsync(Func<Task<LocalizedString>> act, CancellationToken ct)
    {
        try
        {
            TempData["Flash"] = (await act()).Value;
            return RedirectToPage();
        }
        catch (AccessException ex)
        {
            Error = ex.Message;
            await LoadAsync(ct);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Users = await users.ListAsync(ct);
        Keys = [.. (await keys.ListAsync(ct)).OrderByDescending(k => k.Id)];
    }
}
