using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Json;
using HiPayMirakl.Cli;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Alerts;
using HiPayMirakl.Core.Features.Batches;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.Scheduling;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using HiPayMirakl.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HiPayMirakl.IntegrationTests.Scheduling;

public sealed class SchedulerTests
{
    private const string Digest = "inbox:digest";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SchedulerOptions_BadCronAndUnknownJob_RefusedNamingTheKey(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);

        var result = await CliRunner.RunAsync([.. harness.CliArgs(), "--set", "Scheduler:Jobs:transfer:Cron=every hour", "--set", "Scheduler:Jobs:payday:Enabled=false", "jobs", "list"]);

        Assert.Equal(CliApp.ExitConfigurationError, result.ExitCode);
        Assert.Contains("Scheduler:Jobs:transfer:Cron", result.Error, StringComparison.Ordinal);
        Assert.Contains("Scheduler:Jobs:payday: unknown job", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public void Schedule_Defaults_GenerateFollowsTheCycleAndEveryCronIsValid()
    {
        var settings = new ConnectorSettings();
        settings.Cycle.Days.AddRange([1, 11, 21]);
        settings.Cycle.Hour = 2;
        settings.Cycle.Minute = 7;

        Assert.Equal("0 7 2 1,11,21 * ?", JobSchedule.GenerateCron(settings));
        Assert.All(JobSchedule.Jobs, j => Assert.Null(SchedulerOptionsValidator.CronProblem(JobSchedule.ScheduleOf(j, settings).Cron)));
        var generate = JobSchedule.ScheduleOf(JobSchedule.Find("generate")!, settings);
        Assert.Equal(settings.Cycle.TimeZone, generate.TimeZone.Id);
        // Direct debit is off without an Enterprise gateway: its jobs are listed but not scheduled.
        Assert.False(JobSchedule.ScheduleOf(JobSchedule.Find("sdd-schedules")!, settings).Enabled);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Scheduler_FastCron_EachFiringIsABatchAndAFiringMissedWhileDownRaisesJobMissed(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);
        var settings = harness.Settings;
        // Wide enough that a loaded machine starting the scheduler is not late by it, short enough for the test.
        settings.Scheduler.MisfireThreshold = TimeSpan.FromSeconds(5);
        OnlyDigest(settings, "0/2 * * * * ?");
        var alerts = new RecordingAlertSink();

        var first = await StartSchedulerHostAsync(settings, alerts);
        try
        {
            await UntilAsync(async () => (await ScheduledBatchesAsync(harness)).Count(b => b.Status == BatchStatus.Succeeded) >= 2, "two scheduled firings recorded");
        }
        finally
        {
            await first.StopAsync();
            await first.DisposeAsync();
        }

        var batches = await ScheduledBatchesAsync(harness);
        Assert.All(batches.Where(b => b.Status != BatchStatus.Running), b =>
        {
            Assert.Equal(JobTrigger.Schedule, b.Trigger);
            Assert.Equal(0, b.ScheduledFor!.Value.Second % 2);
            Assert.Equal(0, b.ScheduledFor.Value.Millisecond);
            Assert.NotNull(b.EndedAt);
            Assert.Equal("0 dead letter(s)", b.Summary);
        });
        Assert.Equal(batches.Count, batches.Select(b => b.ScheduledFor).Distinct().Count());
        Assert.DoesNotContain(alerts.Raised, a => a.Kind == MissedFiringAlerts.Kind);

        // Nobody runs the schedule for a while: the stored trigger's next firing goes by, later than the threshold.
        await Task.Delay(TimeSpan.FromSeconds(8));
        var second = await StartSchedulerHostAsync(settings, alerts);
        try
        {
            await UntilAsync(() => Task.FromResult(alerts.Raised.Any(a => a.Kind == MissedFiringAlerts.Kind)), "a job.missed alert");
        }
        finally
        {
            await second.StopAsync();
            await second.DisposeAsync();
        }

        var missed = alerts.Raised.First(a => a.Kind == MissedFiringAlerts.Kind);
        Assert.Equal("inbox-digest", missed.Key);
        Assert.Contains("did not run when scheduled", missed.Subject, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task JobsCli_ListAndRun_RunIsABatchAndUnknownNameFailsInOneLine(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false);
        var args = harness.CliArgs();

        var run = await CliRunner.RunAsync([.. args, "jobs", "run", "inbox-digest"]);
        var unknown = await CliRunner.RunAsync([.. args, "jobs", "run", "payday"]);
        var list = await CliRunner.RunAsync([.. args, "jobs", "list", "--json"]);
        var text = await CliRunner.RunAsync([.. args, "jobs", "list"]);

        Assert.True(run.ExitCode == 0, run.Error);
        await using var db = harness.CreateDbContext();
        var batch = await db.Batches.AsNoTracking().SingleAsync(b => b.Name == Digest);
        Assert.Equal((BatchStatus.Succeeded, JobTrigger.Manual, (DateTimeOffset?)null), (batch.Status, batch.Trigger, batch.ScheduledFor));

        Assert.Equal(CliApp.ExitFailure, unknown.ExitCode);
        Assert.Equal("error: unknown job 'payday'", string.Join(' ', unknown.Error.Trim().Split('(')[0].Trim()));
        Assert.Single(unknown.Error.Trim().Split('\n'));

        Assert.True(list.ExitCode == 0, list.Error);
        using var json = JsonDocument.Parse(list.Output);
        var jobs = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(JobSchedule.Jobs.Select(j => j.Name), jobs.Select(j => j.GetProperty("name").GetString()));
        var digest = jobs.Single(j => j.GetProperty("name").GetString() == "inbox-digest");
        Assert.Equal(batch.Id, digest.GetProperty("lastBatchId").GetInt64());
        var transferNext = jobs.Single(j => j.GetProperty("name").GetString() == "transfer").GetProperty("nextFireTime").GetDateTimeOffset();
        Assert.Equal((5, 0), (transferNext.UtcDateTime.Minute, transferNext.Second));
        Assert.InRange(transferNext - DateTimeOffset.UtcNow, TimeSpan.Zero, TimeSpan.FromHours(1));

        var digestLine = text.Output.Split('\n').Single(l => l.Contains("| inbox-digest ", StringComparison.Ordinal));
        Assert.Contains("0 0 8 * * ?", digestLine, StringComparison.Ordinal);
        Assert.Matches(@"\|\s+" + batch.Id.ToString(CultureInfo.InvariantCulture) + @"\s+\|", digestLine);
        Assert.Contains("Succeeded", digestLine, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task JobsApi_RolesUnknownNameAndDigest_RunsAsOperatorAndAlertsOnDeadLetters(DatabaseProvider provider)
    {
        var alerts = new RecordingAlertSink();
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false, services: s => s.Replace(ServiceDescriptor.Singleton<IAlertSink>(alerts)));
        long deadId;
        await using (var db = harness.CreateDbContext())
        {
            var dead = new InboxMessage
            {
                Source = NotificationSource.HiPayWallet, DedupeKey = "dead-1", RawBody = [], Kind = "transfer", ReceivedAt = DateTimeOffset.UtcNow.AddHours(-3),
                Outcome = InboxOutcome.DeadLetter, OutcomeMessage = "unknown operation",
            };
            db.Inbox.Add(dead);
            await db.SaveChangesAsync();
            deadId = dead.Id;
        }

        using var anonymous = await harness.WebClient.GetAsync(new Uri("/api/jobs", UriKind.Relative));
        using var viewerList = await SendAsync(harness, HttpMethod.Get, "/api/jobs", "viewer");
        using var viewerRun = await SendAsync(harness, HttpMethod.Post, "/api/jobs/inbox-digest/run", "viewer");
        using var unknown = await SendAsync(harness, HttpMethod.Post, "/api/jobs/payday/run", "operator");
        using var run = await SendAsync(harness, HttpMethod.Post, "/api/jobs/inbox-digest/run", "operator");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, viewerList.StatusCode);
        Assert.Equal(JobSchedule.Jobs.Count, JsonDocument.Parse(await viewerList.Content.ReadAsStringAsync()).RootElement.GetArrayLength());
        Assert.Equal(HttpStatusCode.Forbidden, viewerRun.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);

        await using var check = harness.CreateDbContext();
        var batch = await check.Batches.AsNoTracking().SingleAsync(b => b.Name == Digest);
        Assert.Equal((BatchStatus.Succeeded, 1, JobTrigger.Manual), (batch.Status, batch.ItemsProcessed, batch.Trigger));
        var alert = Assert.Single(alerts.Raised, a => a.Kind == "inbox.dead-letter-digest");
        Assert.StartsWith("1 dead-lettered notification(s); oldest #" + deadId.ToString(CultureInfo.InvariantCulture), alert.Subject, StringComparison.Ordinal);
        Assert.Contains("unknown operation", alert.Detail, StringComparison.Ordinal);
    }

    /// <summary>
    /// Two `serve` processes (the built CLI, one OS process each) on one PostgreSQL database, both running the
    /// schedule with a digest every two seconds: every scheduled fire time leaves exactly one batch, and none between
    /// the first and the last is missing.
    /// </summary>
    [Fact]
    public async Task Serve_TwoProcessesOnOnePostgres_EachFireTimeRunsExactlyOnce()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Postgres, processInbox: false);
        string[] args = [.. harness.CliArgs(), "--set", "Scheduler:ClusterCheckinInterval=00:00:02", "--set", "Scheduler:ClusterCheckinMisfireThreshold=00:00:20",
            "serve", "--urls", "http://127.0.0.1:0"];
        OnlyDigest(harness.Settings, "0/2 * * * * ?");
        foreach (var job in JobSchedule.Jobs)
        {
            var options = harness.Settings.Scheduler.Jobs[job.Name];
            args = [.. args, "--set", $"Scheduler:Jobs:{job.Name}:Enabled={options.Enabled}"];
            if (options.Cron is { } cron)
            {
                args = [.. args, "--set", $"Scheduler:Jobs:{job.Name}:Cron={cron}"];
            }
        }

        using var a = ConnectorProcess.Start(args);
        using var b = ConnectorProcess.Start(args);
        int nodes;
        try
        {
            await UntilAsync(async () => (await ScheduledBatchesAsync(harness)).Select(x => x.ScheduledFor).Distinct().Count() >= 8,
                "eight scheduled fire times recorded", TimeSpan.FromSeconds(50));
            Assert.False(a.HasExited || b.HasExited, "a serve process ended early:\n" + a.Summary() + "\n" + b.Summary());
            await using var db = harness.CreateDbContext();
            // Both processes run the schedule as nodes of one cluster: each has checked in.
            nodes = await db.Database.SqlQueryRaw<int>("SELECT COUNT(*)::int AS \"Value\" FROM qrtz_scheduler_state").SingleAsync();
        }
        finally
        {
            a.Kill();
            b.Kill();
        }

        var batches = await ScheduledBatchesAsync(harness);
        var perFireTime = batches.GroupBy(x => x.ScheduledFor!.Value).OrderBy(g => g.Key).ToList();
        var doubles = perFireTime.Where(g => g.Count() > 1).Select(g => $"{g.Key:O}: {g.Count()} batches ({string.Join(", ", g.Select(x => x.Status))})").ToList();
        Assert.True(doubles.Count == 0, "fire times run more than once:\n" + string.Join('\n', doubles));
        Assert.Equal(2, nodes);
        for (var i = 1; i < perFireTime.Count; i++)
        {
            Assert.Equal(TimeSpan.FromSeconds(2), perFireTime[i].Key - perFireTime[i - 1].Key);
        }
    }

    private static void OnlyDigest(ConnectorSettings settings, string cron)
    {
        foreach (var job in JobSchedule.Jobs)
        {
            settings.Scheduler.Jobs[job.Name] = new ScheduledJobOptions { Enabled = job.Name == "inbox-digest", Cron = job.Name == "inbox-digest" ? cron : null };
        }
    }

    private static async Task<Microsoft.AspNetCore.Builder.WebApplication> StartSchedulerHostAsync(ConnectorSettings settings, RecordingAlertSink alerts)
    {
        var host = ConnectorWebHost.Build(settings, ["http://127.0.0.1:0"], s => s.Replace(ServiceDescriptor.Singleton<IAlertSink>(alerts)), processInbox: false, runScheduler: true);
        await host.StartAsync();
        return host;
    }

    private static async Task<List<Batch>> ScheduledBatchesAsync(ConnectorHarness harness)
    {
        await using var db = harness.CreateDbContext();
        return await db.Batches.AsNoTracking().Where(b => b.Name == Digest && b.ScheduledFor != null).ToListAsync();
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? limit = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > (limit ?? TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException("gave up waiting for " + what);
            }

            await Task.Delay(200);
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(ConnectorHarness harness, HttpMethod method, string path, string role)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        return await (await harness.ClientAsync(role)).SendAsync(request);
    }
}

/// <summary>Keeps every alert raised, for assertions.</summary>
public sealed class RecordingAlertSink : IAlertSink
{
    private readonly ConcurrentQueue<Alert> _raised = new();

    public IReadOnlyList<Alert> Raised => [.. _raised];

    public void Raise(Alert alert) => _raised.Enqueue(alert);
}
