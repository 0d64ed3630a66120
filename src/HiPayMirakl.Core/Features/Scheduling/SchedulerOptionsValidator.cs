using System.Globalization;
using HiPayMirakl.Core.Configuration;
using Quartz;

namespace HiPayMirakl.Core.Features.Scheduling;

/// <summary>Checks the Scheduler section; every message starts with the key it is about.</summary>
public static class SchedulerOptionsValidator
{
    public static IEnumerable<string> Validate(ConnectorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = settings.Scheduler;
        if (!KnownZone(options.TimeZone))
        {
            yield return $"Scheduler:TimeZone: '{options.TimeZone}' is not a known time zone.";
        }

        foreach (var (key, value) in new[]
        {
            ("Scheduler:MisfireThreshold", options.MisfireThreshold),
            ("Scheduler:ClusterCheckinInterval", options.ClusterCheckinInterval),
            ("Scheduler:ClusterCheckinMisfireThreshold", options.ClusterCheckinMisfireThreshold),
            ("Scheduler:VendorSyncLookBack", options.VendorSyncLookBack),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return $"{key}: must be positive.";
            }
        }

        if (options.ClusterCheckinMisfireThreshold < options.ClusterCheckinInterval)
        {
            yield return "Scheduler:ClusterCheckinMisfireThreshold: must be at least Scheduler:ClusterCheckinInterval, or live nodes are taken for dead.";
        }

        if (options.MaxConcurrency is < 1 or > 64)
        {
            yield return $"Scheduler:MaxConcurrency: {options.MaxConcurrency.ToString(CultureInfo.InvariantCulture)} is outside 1–64.";
        }

        foreach (var (name, job) in options.Jobs)
        {
            var known = JobSchedule.Find(name);
            if (known is null)
            {
                yield return $"Scheduler:Jobs:{name}: unknown job (jobs: {string.Join(", ", JobSchedule.Jobs.Select(j => j.Name))}).";
                continue;
            }

            if (job is null || string.IsNullOrWhiteSpace(job.Cron))
            {
                continue;
            }

            if (CronProblem(job.Cron.Trim()) is { } problem)
            {
                yield return $"Scheduler:Jobs:{known.Name}:Cron: '{job.Cron}' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week): {problem}";
            }
        }
    }

    /// <summary>Why a cron expression is refused, or null when Quartz accepts it.</summary>
    public static string? CronProblem(string cron)
    {
        try
        {
            _ = CronExpression.Parse(cron);
            return null;
        }
        catch (FormatException ex)
        {
            return ex.Message.ReplaceLineEndings(" ");
        }
    }

    private static bool KnownZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (TimeZoneNotFoundException)
        {
            return false;
        }
        catch (InvalidTimeZoneException)
        {
            return false;
        }
    }
}
