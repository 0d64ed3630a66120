using HiPayMirakl.Core.Features.Approvals;
using HiPayMirakl.Web.Dashboard.Text;
using HiPayMirakl.Web.Endpoints;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace HiPayMirakl.Web.Dashboard.Pages.Approvals;

/// <summary>
/// What the approve and reject pages share: the decision is <see cref="ApprovalService"/>'s (the same as
/// <c>POST /api/legs/{id}/approve|reject</c> and the command line), the signed-in user is who decides, and a refusal
/// (maker-checker, a leg no longer awaiting) comes back to the list as an error.
/// </summary>
internal static class ApprovalActionPage
{
    public static async Task<IActionResult> RunAsync(PageModel page, IStringLocalizer<ApprovalsText> text, Func<string, Task<string>> decide)
    {
        try
        {
            page.TempData["Flash"] = await decide(AdminApi.Actor(page.HttpContext));
        }
        catch (ApprovalException ex)
        {
            page.TempData[IndexModel.ErrorKey] = text["Refused: {0}", ex.Message].Value;
        }

        return page.LocalRedirect("/approvals");
    }
}
