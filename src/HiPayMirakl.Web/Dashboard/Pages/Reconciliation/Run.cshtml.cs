using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Features.Reconciliation;
using HiPayMirakl.HiPayWallet;
using HiPayMirakl.Mirakl;
using HiPayMirakl.Web.Dashboard.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace HiPayMirakl.Web.Dashboard.Pages.Reconciliation;

/// <summary>
/// "Run now" (operators): reconciles the latest cycle in the request, as POST /api/reconciliation/run does, and shows
/// the new run. Read-only at Mirakl and HiPay; a provider that cannot be read is said in the flash message.
/// </summary>
[Authorize(Policy = ConnectorPolicies.Operator)]
public sealed class RunModel(Reconciler reconciler, ConnectorSettings settings, TimeProvider clock, IStringLocalizer<ReconciliationText> text) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Reconciliation/Index");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var window = CycleCalendar.FromOptions(settings.Cycle).WindowAt(clock.GetUtcNow());
        try
        {
            var result = await reconciler.RunAsync(window, ReconciliationTrigger.Dashboard, null, ct);
            TempData["Flash"] = text["Run {0}: {1} finding(s).", result.Run.Id, result.Findings.Count].Value;
            return RedirectToPage("/Reconciliation/Index", new { run = result.Run.Id });
        }
        catch (Exception ex) when (ex is HiPayWalletApiException or MiraklApiException or HttpRequestException)
        {
            TempData["Flash"] = text["The reconciliation could not read a provider: {0}", ex.Message].Value;
            return RedirectToPage("/Reconciliation/Index");
        }
    }
}
