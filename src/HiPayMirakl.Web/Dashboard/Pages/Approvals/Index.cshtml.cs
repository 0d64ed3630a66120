using HiPayMirakl.Core.Features.Approvals;
using HiPayMirakl.Core.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HiPayMirakl.Web.Dashboard.Pages.Approvals;

/// <summary>
/// The legs approval rules stopped before any money moved, with the rule(s) that held each. Operators also get the
/// approve and reject forms; the pages those forms post to refuse anyone else.
/// </summary>
public sealed class IndexModel(ConnectorDbContext db, IAuthorizationService authorization) : PageModel
{
    public const string ErrorKey = "ApprovalError";

    public List<AwaitingApprovalRow> Rows { get; private set; } = [];

    public DashboardPager Pager { get; private set; } = DashboardPager.At(1, 0);

    public bool CanAct { get; private set; }

    public async Task OnGetAsync(int? page, CancellationToken ct)
    {
        (Pager, Rows) = await DashboardPager.ReadAsync(ApprovalService.Awaiting(db), page, ct);
        CanAct = (await authorization.AuthorizeAsync(User, ConnectorPolicies.Operator)).Succeeded;
    }
}
