using System.CommandLine;
using HiPayMirakl.Core.Features.Approvals;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayWallet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.Cli.Commands;

/// <summary>approvals list|approve|reject: the legs approval rules stopped, and the decision on each (maker-checker).</summary>
public static class ApprovalCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var list = new Command("list", "The legs awaiting approval, with the rule(s) that held each.");
        list.SetAction((parse, ct) => RunAsync(parse, error, async (sp, token) =>
        {
            var db = sp.GetRequiredService<ConnectorDbContext>();
            var rows = await ApprovalService.Awaiting(db).ToListAsync(token);
            var printer = CliOutput.For(parse, output);
            printer.WriteJson(rows.Select(r => new
            {
                r.Leg.Id, r.Leg.InvoiceId, r.Leg.MiraklShopId, r.Leg.AmountMinor, r.Leg.Currency, r.Leg.Status, r.Rules, r.RulesVersion, r.HeldAt,
            }));
            printer.Table("Awaiting approval",
                [new CliColumn("Leg", Numeric: true), new CliColumn("Shop", Numeric: true), new CliColumn("Invoice"), new CliColumn("Amount", Numeric: true), new CliColumn("Rules"), new CliColumn("Held at")],
                rows.Select(r => (IReadOnlyList<object?>)[r.Leg.Id, r.Leg.MiraklShopId, r.Leg.InvoiceId ?? "-",
                    WalletAmount.Format(r.Leg.AmountMinor, r.Leg.Currency) + " " + r.Leg.Currency, CliApp.OneLine(r.Rules ?? ""), r.HeldAt]));
        }, ct));

        var approve = new Command("approve", "Approve a leg awaiting approval: the next transfer run sends it.") { LegArgument(), ReasonOption(required: false), ByOption() };
        approve.SetAction((parse, ct) => RunAsync(parse, error, async (sp, token) =>
            CliOutput.For(parse, output).Line(await sp.GetRequiredService<ApprovalService>().ApproveAsync(
                parse.GetValue<long>("leg-id"), parse.GetValue<string?>("--reason"), By(parse), token)), ct));

        var reject = new Command("reject", "Reject a leg awaiting approval: it is never paid.") { LegArgument(), ReasonOption(required: true), ByOption() };
        reject.SetAction((parse, ct) => RunAsync(parse, error, async (sp, token) =>
            CliOutput.For(parse, output).Line(await sp.GetRequiredService<ApprovalService>().RejectAsync(
                parse.GetValue<long>("leg-id"), parse.GetValue<string?>("--reason"), By(parse), token)), ct));

        return new Command("approvals", "Legs that approval rules stopped before any money moved: list, approve, reject (someone other than who set the rules or last acted).")
            { list, approve, reject };
    }

    private static Argument<long> LegArgument() => new("leg-id") { Description = "The leg's id (legs.id)." };

    private static Option<string?> ReasonOption(bool required) => new("--reason") { Description = "Why (recorded with the decision).", Required = required };

    private static Option<string?> ByOption() => new("--by") { Description = "Who decides (recorded with the decision); default: the OS user name." };

    private static string By(ParseResult parse) => parse.GetValue<string?>("--by") is { Length: > 0 } by ? by : Environment.UserName;

    private static async Task<int> RunAsync(ParseResult parse, TextWriter error, Func<IServiceProvider, CancellationToken, Task> work, CancellationToken ct)
    {
        await using var provider = CliApp.BuildServices(parse);
        await using var scope = provider.CreateAsyncScope();
        try
        {
            await work(scope.ServiceProvider, ct);
            return CliApp.ExitOk;
        }
        catch (ApprovalException ex)
        {
            await error.WriteLineAsync("error: " + CliApp.OneLine(ex.Message));
            return CliApp.ExitFailure;
        }
    }
}
