using System.CommandLine;
using System.Globalization;
using HiPayMirakl.Core;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Batches;
using HiPayMirakl.Core.Features.DirectDebit;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayEnterprise;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.Cli.Commands;

/// <summary>
/// SEPA direct debit through HiPay Enterprise: <c>sdd mandate create|hosted|show</c>, <c>sdd charge</c>,
/// <c>sdd schedule add|list|run</c>, <c>sdd debt run</c>, <c>sdd reconcile</c>. IBANs are printed masked.
/// </summary>
public static class SddCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var mandate = new Command("mandate", "SEPA mandates (debit agreements).");
        mandate.Add(CreateMandate(output, error));
        mandate.Add(CreateHosted(output, error));
        mandate.Add(CreateShow(output, error));
        var schedule = new Command("schedule", "Recurring plans: one debit per period.");
        schedule.Add(CreateScheduleAdd(output, error));
        schedule.Add(CreateScheduleList(output, error));
        schedule.Add(CreateJob("run", DirectDebitJobs.ScheduleJobName, "Send the debits of every schedule's next collection (idempotent per period).",
            output, error, async (sp, ct) => await sp.GetRequiredService<DirectDebitJobs>().RunSchedulesAsync(ct)));
        var debt = new Command("debt", "Collect sellers' negative balances left un-netted past DirectDebit:DebtAgeThreshold.");
        debt.Add(CreateJob("run", DirectDebitJobs.DebtJobName, "Collect old debts by direct debit on the shops' available mandates.",
            output, error, async (sp, ct) => await sp.GetRequiredService<DirectDebitJobs>().CollectDebtsAsync(ct)));
        var payment = new Command("payment", "One debit: show it, hold it, release it (operator controls, recorded in its log).");
        payment.Add(CreatePaymentShow(output, error));
        payment.Add(CreatePaymentAction("hold", "Stop a debit that is not in flight from being sent or sent again.", output, error,
            (control, id, reason, by, ct) => control.HoldAsync(id, reason, by, ct)));
        payment.Add(CreatePaymentAction("release", "Lift a hold; a debit already sent gets a fresh order id only if the gateway shows its order ids moved nothing.", output, error,
            (control, id, reason, by, ct) => control.ReleaseAsync(id, reason, by, ct)));
        var root = new Command("sdd", "SEPA direct debits through HiPay Enterprise.") { mandate, schedule, debt, payment };
        root.Add(CreateCharge(output, error));
        root.Add(CreateJob("reconcile", "sdd-reconcile", "Look up every debit whose outcome is unknown, by its order id.",
            output, error, async (sp, ct) =>
            {
                var settled = await sp.GetRequiredService<DirectDebitService>().ReconcileUnknownAsync(ct);
                var applied = await sp.GetRequiredService<InboxDispatcher>().DrainAsync(ct);
                return new { Settled = settled, NotificationsRun = applied };
            }));
        return root;
    }

    private static Command CreateMandate(TextWriter output, TextWriter error)
    {
        var iban = new Option<string>("--iban") { Description = "Account holder's IBAN (sent to HiPay, stored masked).", Required = true };
        var first = new Option<string>("--first-name") { Required = true };
        var last = new Option<string>("--last-name") { Required = true };
        var amount = AmountOption();
        var description = new Option<string?>("--description");
        var shop = new Option<long?>("--shop") { Description = "Mirakl shop id the mandate belongs to (debt collection)." };
        var command = new Command("create", "Create a mandate with a first debit (eci 7, recurring_payment=1).") { iban, first, last, amount, description, shop };
        command.SetAction((parse, ct) => RunAsync(parse, error, async (sp, token) =>
        {
            var payment = await sp.GetRequiredService<DirectDebitService>().CreateMandateWithFirstDebitAsync(
                new FirstDebitCommand(parse.GetValue(iban)!, parse.GetValue(first)!, parse.GetValue(last)!, ParseAmount(parse.GetValue(amount)), "EUR",
                    parse.GetValue(description) ?? "First direct debit", parse.GetValue(shop)), token);
            await PrintMandateAsync(sp, payment.MandateId, CliOutput.For(parse, output), token);
        }, ct));
        return command;
    }

    private static Command CreateHosted(TextWriter output, TextWriter error)
    {
        var amount = AmountOption();
        var accept = new Option<Uri?>("--accept-url");
        var shop = new Option<long?>("--shop");
        var command = new Command("hosted", "Open HiPay's hosted mandate page; prints the link to give the account holder.") { amount, accept, shop };
        command.SetAction((parse, ct) => RunAsync(parse, error, async (sp, token) =>
        {
            var payment = await sp.GetRequiredService<DirectDebitService>().CreateHostedMandateAsync(
                new HostedMandateCommand(ParseAmount(parse.GetValue(amount)), "EUR", "First direct debit", parse.GetValue(shop), parse.GetValue(accept)), token);
            var printer = CliOutput.For(parse, output);
            printer.WriteJson(new { payment.MandateId, Status = MandateStatus.Pending, payment.OrderId, payment.ForwardUrl });
            printer.Table(null, [new CliColumn("Mandate", true), new CliColumn("Status"), new CliColumn("Order"), new CliColumn("Send the holder to")],
                [[payment.MandateId, "pending", payment.OrderId, payment.ForwardUrl]]);
        }, ct));
        return command;
    }

    private static Command CreateShow(TextWriter output, TextWriter error)
    {
        var id = new Argument<long>("mandate-id");
        var command = new Command("show", "A mandate and its debits.") { id };
        command.SetAction((parse, ct) => RunAsync(parse, error, (sp, token) => PrintMandateAsync(sp, parse.GetValue(id), CliOutput.For(parse, output), token), ct, needsGateway: false));
        return command;
    }

    private static Command CreateCharge(TextWriter output, TextWriter error)
    {
        var id = new Argument<long>("mandate-id");
        var amount = AmountOption();
        var description = new Option<string?>("--description");
        var command = new Command("charge", "A recurring debit (eci 9) on an available mandate.") { id, amount, description };
        command.SetAction((parse, ct) => RunAsync(parse, error, async (sp, token) =>
        {
            var payment = await sp.GetRequiredService<DirectDebitService>().ChargeAsync(
                parse.GetValue(id), ParseAmount(parse.GetValue(amount)), "EUR", parse.GetValue(description) ?? "Direct debit", null, token);
            PrintPayments(CliOutput.For(parse, output), null, [payment], single: true);
        }, ct));
        return command;
    }

    private static Command CreateScheduleAdd(TextWriter output, TextWriter error)
    {
        var id = new Argument<long>("mandate-id");
        var amount = AmountOption();
        var period = new Option<SchedulePeriod>("--period") { Description = "Monthly or Weekly.", Required = true };
        var day = new Option<int>("--day") { Description = "Day of month (1-28) or weekday (1=Monday … 5=Friday).", Required = true };
        var description = new Option<string?>("--description");
        var command = new Command("add", "Add a recurring plan on a mandate.") { id, amount, period, day, description };
        command.SetAction((parse, ct) => RunAsync(parse, error, async (sp, token) =>
        {
            var schedule = await sp.GetRequiredService<DirectDebitJobs>().AddScheduleAsync(
                parse.GetValue(id), ParseAmount(parse.GetValue(amount)), "EUR", parse.GetValue(period), parse.GetValue(day), parse.GetValue(description) ?? "", token);
            PrintSchedules(CliOutput.For(parse, output), [schedule], single: true);
        }, ct));
        return command;
    }

    private static Command CreateScheduleList(TextWriter output, TextWriter error)
    {
        var command = new Command("list", "Every schedule.");
        command.SetAction((parse, ct) => RunAsync(parse, error, async (sp, token) =>
        {
            var db = sp.GetRequiredService<ConnectorDbContext>();
            PrintSchedules(CliOutput.For(parse, output), await db.DirectDebitSchedules.AsNoTracking().OrderBy(s => s.Id).ToListAsync(token), single: false);
        }, ct, needsGateway: false));
        return command;
    }

    private static Command CreateJob(string name, string jobName, string description, TextWriter output, TextWriter error,
        Func<IServiceProvider, CancellationToken, Task<object>> work)
    {
        var command = new Command(name, description);
        command.SetAction((parse, ct) => RunAsync(parse, error, async (sp, token) =>
        {
            object? summary = null;
            var printer = CliOutput.For(parse, output);
            var result = await printer.RunJobAsync(sp.GetRequiredService<JobRunner>(), jobName, null, async (_, t) => summary = await work(sp, t), token);
            if (result.Outcome is JobRunOutcome.AlreadyRunning or JobRunOutcome.Failed)
            {
                throw new InvalidOperationException(result.Outcome == JobRunOutcome.AlreadyRunning
                    ? "already running elsewhere; nothing done."
                    : $"batch {result.BatchId} failed: {result.Error}");
            }

            printer.WriteJson(new { Batch = new { Id = result.BatchId, result.Outcome, result.Processed, result.Failed }, Summary = summary });
            printer.Table(null, [new CliColumn("Batch", true), new CliColumn("Outcome"), new CliColumn("Processed", true), new CliColumn("Failed", true)],
                [[result.BatchId, result.Outcome, result.Processed, result.Failed]]);
            printer.Record(null, summary);
        }, ct));
        return command;
    }

    private static Command CreatePaymentShow(TextWriter output, TextWriter error)
    {
        var id = new Argument<long>("payment-id");
        var command = new Command("show", "A debit, every order id it used and its history.") { id };
        command.SetAction((parse, ct) => RunAsync(parse, error, async (sp, token) =>
        {
            var report = await sp.GetRequiredService<DirectDebitPaymentControl>().ShowAsync(parse.GetValue(id), token);
            var printer = CliOutput.For(parse, output);
            var orders = report.RetiredOrders.Select(o => new { o.OrderId, Current = false, o.TransactionReference, o.GatewayStatus, RetiredAt = (DateTimeOffset?)o.RetiredAt })
                .Append(new { report.Payment.OrderId, Current = true, report.Payment.TransactionReference, report.Payment.GatewayStatus, RetiredAt = (DateTimeOffset?)null })
                .ToList();
            var log = report.Log.Select(e => new { e.CreatedAt, e.FromStatus, e.ToStatus, e.OrderId, Actor = e.Actor ?? "connector", e.Message }).ToList();
            printer.WriteJson(new { Payment = PaymentJson(report.Payment), Orders = orders, Log = log });
            PrintPayments(printer, "Debit", [report.Payment], single: false);
            printer.Table("Order ids", [new CliColumn("Order"), new CliColumn("State"), new CliColumn("Gateway status", true), new CliColumn("Transaction"), new CliColumn("Retired")],
                orders.Select(o => (IReadOnlyList<object?>)[o.OrderId, o.Current ? "current" : "retired", o.GatewayStatus?.ToString(CultureInfo.InvariantCulture) ?? "-", o.TransactionReference ?? "-", o.RetiredAt]));
            printer.Table("Log", [new CliColumn("At"), new CliColumn("From"), new CliColumn("To"), new CliColumn("Order"), new CliColumn("By"), new CliColumn("Message")],
                log.Select(e => (IReadOnlyList<object?>)[e.CreatedAt, Lower(e.FromStatus), Lower(e.ToStatus), e.OrderId, e.Actor, CliApp.OneLine(e.Message)]));
        }, ct));
        return command;
    }

    private static Command CreatePaymentAction(string name, string description, TextWriter output, TextWriter error,
        Func<DirectDebitPaymentControl, long, string, string, CancellationToken, Task<DirectDebitPayment>> action)
    {
        var id = new Argument<long>("payment-id");
        var reason = new Option<string>("--reason") { Description = "Why (kept in the payment's log).", Required = true };
        var by = new Option<string>("--by") { Description = "Who (kept in the payment's log).", Required = true };
        var command = new Command(name, description) { id, reason, by };
        command.SetAction((parse, ct) => RunAsync(parse, error, async (sp, token) =>
        {
            var payment = await action(sp.GetRequiredService<DirectDebitPaymentControl>(), parse.GetValue(id), parse.GetValue(reason)!, parse.GetValue(by)!, token);
            PrintPayments(CliOutput.For(parse, output), null, [payment], single: true);
        }, ct));
        return command;
    }

    private static Option<string> AmountOption() => new("--amount") { Description = "EUR amount with a dot, e.g. 12.50.", Required = true };

    private static long ParseAmount(string? text) =>
        EnterpriseAmount.TryParse(text, "EUR", out var minor) && minor > 0
            ? minor
            : throw new DirectDebitValidationException($"--amount {text}: expected a positive EUR amount like 12.50.");

    private static async Task<int> RunAsync(ParseResult parse, TextWriter error, Func<IServiceProvider, CancellationToken, Task> work, CancellationToken ct, bool needsGateway = true)
    {
        var settings = CliApp.LoadConfiguration(parse).Settings;
        ConnectorConfigurationValidator.ThrowIfInvalid(settings, SettingsScope.All);
        if (needsGateway && !settings.HiPayEnterprise.IsConfigured)
        {
            await error.WriteLineAsync("error: HiPayEnterprise:BaseUrl is not configured; direct debit is off.");
            return CliApp.ExitConfigurationError;
        }

        await using var provider = new ServiceCollection().AddLogging(l => l.AddConnectorDefaults(settings)).AddConnector(settings).BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        try
        {
            await work(scope.ServiceProvider, ct);
            return CliApp.ExitOk;
        }
        catch (Exception ex) when (ex is DirectDebitValidationException or MandateNotChargeableException or HiPayEnterpriseApiException)
        {
            await error.WriteLineAsync("error: " + CliApp.OneLine(ex.Message));
            return CliApp.ExitFailure;
        }
    }

    private static async Task PrintMandateAsync(IServiceProvider sp, long id, CliOutput printer, CancellationToken ct)
    {
        var db = sp.GetRequiredService<ConnectorDbContext>();
        var mandate = await db.Mandates.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct)
            ?? throw new DirectDebitValidationException($"mandate {id} does not exist.");
        var payments = await db.DirectDebitPayments.AsNoTracking().Where(p => p.MandateId == id).OrderBy(p => p.Id).ToListAsync(ct);
        printer.WriteJson(new
        {
            Mandate = new { mandate.Id, mandate.Status, mandate.DebitAgreementId, mandate.IbanMasked, mandate.HolderName, mandate.Reference },
            Debits = payments.Select(PaymentJson),
        });
        printer.Table("Mandate " + mandate.Id.ToString(CultureInfo.InvariantCulture),
            [new CliColumn("Id", true), new CliColumn("Status"), new CliColumn("Agreement"), new CliColumn("IBAN"), new CliColumn("Holder"), new CliColumn("Reference")],
            [[mandate.Id, Lower(mandate.Status), mandate.DebitAgreementId ?? "-", mandate.IbanMasked, mandate.HolderName, mandate.Reference]]);
        PrintPayments(printer, "Debits", payments, single: false);
    }

    /// <summary>Debits as a table; with <paramref name="single"/>, the JSON document is the one debit rather than an array.</summary>
    private static void PrintPayments(CliOutput printer, string? title, List<DirectDebitPayment> payments, bool single)
    {
        if (single)
        {
            printer.WriteJson(PaymentJson(payments[0]));
        }

        printer.Table(title,
            [new CliColumn("Debit", true), new CliColumn("Order"), new CliColumn("Amount", true), new CliColumn("Currency"), new CliColumn("Status"),
                new CliColumn("Gateway status", true), new CliColumn("Transaction"), new CliColumn("Held")],
            payments.Select(p => (IReadOnlyList<object?>)[p.Id, p.OrderId, EnterpriseAmount.Format(p.AmountMinor, p.Currency), p.Currency, Lower(p.Status),
                p.GatewayStatus?.ToString(CultureInfo.InvariantCulture) ?? "-", p.TransactionReference ?? "-", p.Held ? "HELD" : ""]));
    }

    private static object PaymentJson(DirectDebitPayment p) => new
    {
        p.Id, p.MandateId, p.OrderId, p.AmountMinor, p.Currency, p.Status, p.GatewayStatus, p.TransactionReference, p.Held,
    };

    private static void PrintSchedules(CliOutput printer, List<DirectDebitSchedule> schedules, bool single)
    {
        var rows = schedules.Select(s => new { s.Id, s.MandateId, s.AmountMinor, s.Currency, s.Period, s.Day, s.Active }).ToList();
        printer.WriteJson(single ? rows[0] : rows);
        printer.Table(single ? null : "Schedules",
            [new CliColumn("Schedule", true), new CliColumn("Mandate", true), new CliColumn("Amount", true), new CliColumn("Currency"), new CliColumn("Period"),
                new CliColumn("Day", true), new CliColumn("Active")],
            schedules.Select(s => (IReadOnlyList<object?>)[s.Id, s.MandateId, EnterpriseAmount.Format(s.AmountMinor, s.Currency), s.Currency, s.Period, s.Day, s.Active ? "yes" : "no"]));
    }

    private static string Lower(Enum value) => value.ToString().ToLowerInvariant();
}
