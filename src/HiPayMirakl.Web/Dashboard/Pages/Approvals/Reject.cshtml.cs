using HiPayMirakl.Core.Features.Approvals;
using HiPayMirakl.Web.Dashboard.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace HiPayMirakl.Web.Dashboard.Pages.Approvals;

/// <summary>Rejects a leg awaiting approval (operator): the list posts here, this page goes back to it.</summary>
[Authorize(Policy = ConnectorPolicies.Operator)]
public sealed class RejectModel(ApprovalService approvals, IStringLocalizer<ApprovalsText> text) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/approvals");

    public Task<IActionResult> OnPostAsync(long id, string? reason, CancellationToken ct) =>
        ApprovalActionPage.RunAsync(this, text, actor => approvals.RejectAsync(id, reason, actor, ct));
}
