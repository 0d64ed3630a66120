using System.Globalization;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Alerts;
using HiPayMirakl.Core.Features.Batches;
using HiPayMirakl.Core.Features.DirectDebit;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Features.Reconciliation;
using HiPayMirakl.Core.Features.VendorOnboarding;
using HiPayMirakl.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CronExpression = Quartz.CronExpression;

namespace HiPayMirakl.Core.Features.Scheduling;

/// <summary>
/// The jobs of the built-in schedule, their effective cron (default or Scheduler:Jobs:&lt;name&gt;:Cron), and running
/// one of them as a batch: what a trigger firing, `jobs run` and POST /api/jobs/{name}/run all go through.
/// Money steps stay guarded per leg by their claims; the schedule only decides when a step runs.
/// </summary>
public sealed class JobSchedule(ConnectorSettings settings, IServiceScopeFactory scopes, JobRunner runner, Func<ConnectorDbContext> createContext, TimeProvider clock)
{
    /// <summary>
    /// Misfire policies: the money steps and the daily runs fire once when late (a skipped transfer or withdrawal
    /// leaves sellers unpaid for an hour or more, a skipped cycle generate or reconcile waits for the next cycle or
    /// day); the status sync and the vendor sync skip (the next firing sees the same state: status sync polls every
    /// open leg, vendor sync looks back further than its period); the digest skips (the next digest names the same
    /// dead letters).
    /// </summary>
    public static IReadOnlyList<ScheduledJob> Jobs { get; } =
    [
        new("vendor-sync", VendorSyncJob.JobName, "Create and update HiPay wallets for the shops changed in Mirakl.", MisfirePolicy.Skip,
            _ => "0 0 0/6 * * ?", VendorSyncAsync),
        new("generate", "cashout:generate", "Record the legs of the Mirakl invoices of the latest cycle.", MisfirePolicy.FireOnceNow,
            GenerateCron, GenerateAsync) { InCycleTimeZone = true },
        new("transfer", "cashout:transfer", "Transfer generated legs to the sellers' and operator's wallets.", MisfirePolicy.FireOnceNow,
            _ => "0 5 * * * ?", TransferAsync),
        new("status-sync", "cashout:status-sync", "Poll HiPay for transfers and withdrawals awaiting their outcome.", MisfirePolicy.Skip,
            _ => "0 20 * * * ?", StatusSyncAsync),
        new("withdraw", "cashout:withdraw", "Withdraw transferred legs to the sellers' bank accounts.", MisfirePolicy.FireOnceNow,
            _ => "0 35 * * * ?", WithdrawAsync),
        new("reconcile", "reconcile", "Compare the latest cycle's invoices, legs and HiPay transactions.", MisfirePolicy.FireOnceNow,
            _ => "0 0 6 * * ?", ReconcileAsync),
        new("sdd-schedules", DirectDebitJobs.ScheduleJobName, "Send the debits of every direct-debit schedule due.", MisfirePolicy.FireOnceNow,
            _ => "0 0 7 * * ?", SddSchedulesAsync) { Unavailable = DirectDebitUnavailable },
        new("debt-collection", DirectDebitJobs.DebtJobName, "Collect old seller debts by direct debit.", MisfirePolicy.FireOnceNow,
            _ => "0 30 7 * * ?", DebtCollectionAsync) { Unavailable = DirectDebitUnavailable },
        new("inbox-digest", "inbox:digest", "Alert on dead-lettered notifications: how many, and the oldest.", MisfirePolicy.Skip,
            _ => "0 0 8 * * ?", InboxDigestAsync),
    ];

    /// <summary>Dead letters named in one digest alert; the count covers them all.</summary>
    public const int DigestOldest = 10;

    public static ScheduledJob? Find(string name) =>
        Jobs.FirstOrDefault(j => string.Equals(j.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The cron, time zone and on/off state of a job under <paramref name="settings"/> (validated settings).</summary>
    public static EffectiveSchedule ScheduleOf(ScheduledJob job, ConnectorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(settings);
        var configured = settings.Scheduler.Jobs.FirstOrDefault(j => string.Equals(j.Key, job.Name, StringComparison.OrdinalIgnoreCase)).Value;
        var cron = string.IsNullOrWhiteSpace(configured?.Cron) ? job.DefaultCron(settings) : configured.Cron.Trim();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(job.InCycleTimeZone ? settings.Cycle.TimeZone : settings.Scheduler.TimeZone);
        var reason = configured is { Enabled: false } ? "disabled in settings" : job.Unavailable(settings);
        return new EffectiveSchedule(cron, zone, reason is null, reason);
    }

    /// <summary>
    /// The generate job fires at each Mirakl cycle instant (Cycle:Days at Cycle:Hour:Cycle:Minute, Cycle:TimeZone).
    /// Invoices dated shortly after the cycle are read again by the next cycle's window (windows overlap, legs are
    /// unique per invoice), so running at the cycle instant loses none. A cycle day a month lacks (29–31) does not
    /// fire that month; set Scheduler:Jobs:generate:Cron (e.g. with L for the last day) when that matters.
    /// </summary>
    public static string GenerateCron(ConnectorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var days = settings.Cycle.Days.Count == 0 ? ConnectorSettings.DefaultCycleDays : [.. settings.Cycle.Days.Distinct().Order()];
        return string.Create(CultureInfo.InvariantCulture, $"0 {settings.Cycle.Minute} {settings.Cycle.Hour} {string.Join(',', days)} * ?");
    }

    public EffectiveSchedule ScheduleOf(ScheduledJob job) => ScheduleOf(job, settings);

    /// <summary>Runs a job now (or for a scheduled firing) as one batch; throws <see cref="UnknownJobException"/> for a name not in the schedule.</summary>
    public async Task<JobRunResult> RunAsync(string name, JobTrigger trigger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        var job = Find(name) ?? throw UnknownJobException.For(name, Jobs.Select(j => j.Name));
        if (job.Unavailable(settings) is { } reason)
        {
            throw new InvalidOperationException($"job {job.Name} cannot run: {reason}");
        }

        var at = trigger.ScheduledFor ?? clock.GetUtcNow();
        var arguments = trigger.ScheduledFor is { } scheduled ? "scheduled for " + scheduled.ToString("O", CultureInfo.InvariantCulture) : null;
        return await runner.RunAsync(job.BatchName, arguments, trigger, async (context, token) =>
        {
            await using var scope = scopes.CreateAsyncScope();
            await job.Work(scope.ServiceProvider, context, at, token);
        }, ct);
    }

    /// <summary>Every job with its schedule, next fire time and latest batch.</summary>
    public async Task<IReadOnlyList<JobStatus>> ListAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var names = Jobs.Select(j => j.BatchName).ToList();
        await using var db = createContext();
        var latestIds = await db.Batches.AsNoTracking().Where(b => names.Contains(b.Name))
            .GroupBy(b => b.Name).Select(g => g.Max(b => b.Id)).ToListAsync(ct);
        var latest = await db.Batches.AsNoTracking().Where(b => latestIds.Contains(b.Id)).ToDictionaryAsync(b => b.Name, StringComparer.Ordinal, ct);
        var list = new List<JobStatus>();
        foreach (var job in Jobs)
        {
            var schedule = ScheduleOf(job);
            DateTimeOffset? next = null;
            if (schedule.Enabled && settings.Scheduler.Enabled)
            {
                next = new CronExpression(schedule.Cron, schedule.TimeZone).GetNextValidTimeAfter(now);
            }

            latest.TryGetValue(job.BatchName, out var batch);
            list.Add(new JobStatus(job.Name, job.Description, schedule.Cron, schedule.TimeZone.Id,
                schedule.Enabled, schedule.DisabledReason, job.Misfire, next,
                batch?.Id, batch?.Status, batch?.StartedAt, batch?.EndedAt, batch?.Summary ?? batch?.Error));
        }

        return list;
    }

    private static string? DirectDebitUnavailable(ConnectorSettings settings) =>
        settings.HiPayEnterprise.IsConfigured ? null : "HiPayEnterprise:BaseUrl is not configured";

    private static async Task VendorSyncAsync(IServiceProvider services, JobContext job, DateTimeOffset at, CancellationToken ct)
    {
        var lookBack = services.GetRequiredService<ConnectorSettings>().Scheduler.VendorSyncLookBack;
        var summary = await services.GetRequiredService<VendorSyncJob>().RunAsync(job, at - lookBack, ct);
        job.Summary = summary.ToString();
    }

    private static async Task GenerateAsync(IServiceProvider services, JobContext job, DateTimeOffset at, CancellationToken ct)
    {
        var window = CycleCalendar.FromOptions(services.GetRequiredService<ConnectorSettings>().Cycle).WindowAt(at);
        var summary = await services.GetRequiredService<CashoutGenerator>().GenerateAsync(window, ct);
        job.Count(summary.Invoices, summary.Invalid);
        job.Summary = summary.ToString();
    }

    private static async Task TransferAsync(IServiceProvider services, JobContext job, DateTimeOffset at, CancellationToken ct) =>
        Step(job, await services.GetRequiredService<PayoutExecutor>().TransferAsync(ct));

    private static async Task WithdrawAsync(IServiceProvider services, JobContext job, DateTimeOffset at, CancellationToken ct) =>
        Step(job, await services.GetRequiredService<PayoutExecutor>().WithdrawAsync(ct));

    private static void Step(JobContext job, PayoutStepSummary summary)
    {
        job.Count(summary.Resolved + summary.Attempted, summary.Failed + summary.Held);
        job.Summary = summary.ToString();
    }

    private static async Task StatusSyncAsync(IServiceProvider services, JobContext job, DateTimeOffset at, CancellationToken ct)
    {
        var summary = await services.GetRequiredService<PayoutStatusSync>().SyncAsync(ct);
        job.Count(summary.Checked, summary.Failed);
        job.Summary = summary.ToString();
    }

    private static async Task ReconcileAsync(IServiceProvider services, JobContext job, DateTimeOffset at, CancellationToken ct)
    {
        var window = CycleCalendar.FromOptions(services.GetRequiredService<ConnectorSettings>().Cycle).WindowAt(at);
        var result = await services.GetRequiredService<Reconciler>().RunAsync(window, ReconciliationTrigger.Schedule, job.BatchId, ct);
        var issues = result.Findings;
        job.Count(issues.Count, issues.Count);
        var cycle = window.CycleInstant.ToString("O", CultureInfo.InvariantCulture);
        job.Summary = string.Create(CultureInfo.InvariantCulture, $"cycle {cycle}: {issues.Count} issue(s), run {result.Run.Id}");
        if (issues.Count > 0)
        {
            services.GetRequiredService<IAlertSink>().Raise(new Alert("reconcile.drift", AlertSeverity.Error,
                $"Reconciliation of cycle {cycle}: {issues.Count} issue(s)",
                string.Join('\n', issues.Take(DigestOldest).Select(i => $"{i.Kind} {i.Reference}: {i.Detail}")), cycle));
        }
    }

    private static async Task SddSchedulesAsync(IServiceProvider services, JobContext job, DateTimeOffset at, CancellationToken ct)
    {
        var result = await services.GetRequiredService<DirectDebitJobs>().RunSchedulesAsync(ct);
        job.Count(result.Sent + result.AlreadyDone + result.Failed, result.Failed);
        job.Summary = result.ToString();
    }

    private static async Task DebtCollectionAsync(IServiceProvider services, JobContext job, DateTimeOffset at, CancellationToken ct)
    {
        var result = await services.GetRequiredService<DirectDebitJobs>().CollectDebtsAsync(ct);
        job.Count(result.Collected + result.WithoutMandate, 0);
        job.Summary = result.ToString();
    }

    private static async Task InboxDigestAsync(IServiceProvider services, JobContext job, DateTimeOffset at, CancellationToken ct)
    {
        var db = services.GetRequiredService<ConnectorDbContext>();
        var dead = db.Inbox.AsNoTracking().Where(m => m.Outcome == InboxOutcome.DeadLetter);
        var count = await dead.CountAsync(ct);
        job.Count(count, 0);
        job.Summary = $"{count} dead letter(s)";
        if (count == 0)
        {
            return;
        }

        var oldest = await dead.OrderBy(m => m.Id).Take(DigestOldest).ToListAsync(ct);
        var lines = oldest.Select(m => string.Create(CultureInfo.InvariantCulture,
            $"#{m.Id} {m.Source} {m.Kind ?? "-"} received {m.ReceivedAt:O}: {m.OutcomeMessage ?? "-"}"));
        services.GetRequiredService<IAlertSink>().Raise(new Alert("inbox.dead-letter-digest", AlertSeverity.Warning,
            $"{count} dead-lettered notification(s); oldest #{oldest[0].Id} received {oldest[0].ReceivedAt.ToString("O", CultureInfo.InvariantCulture)}",
            string.Join('\n', lines), "inbox"));
    }
}
