using System.Diagnostics.Metrics;

namespace HiPayMirakl.Core.Features.Monitoring;

/// <summary>The providers whose calls are counted, by the label value the metrics use.</summary>
public static class ProviderApi
{
    public const string Mirakl = "mirakl";
    public const string HiPayWallet = "hipay-wallet";
    public const string HiPayEnterprise = "hipay-enterprise";
}

/// <summary>How one provider call ended, by the label value the metrics use.</summary>
public enum ProviderCallOutcome
{
    /// <summary>2xx and 3xx.</summary>
    Ok,

    /// <summary>4xx other than 429: a business answer, not an outage.</summary>
    ClientError,

    /// <summary>429: the provider asks us to slow down.</summary>
    Throttled,

    /// <summary>5xx.</summary>
    ServerError,

    /// <summary>No answer in time.</summary>
    Timeout,

    /// <summary>Connection refused, reset or cut.</summary>
    TransportError,
}

/// <summary>
/// The connector's instruments, on one <see cref="Meter"/> created by the host's <see cref="IMeterFactory"/> (so two
/// hosts in one process keep separate figures). Database figures are observable gauges that report the snapshot
/// <see cref="DatabaseFigures"/> read for the scrape; nothing about legs or the inbox is counted in memory.
/// </summary>
public sealed class ConnectorMetrics
{
    public const string MeterName = "HiPayMirakl";

    /// <summary>Job duration buckets, in seconds: from a quick status sync to a long vendor sync.</summary>
    public static IReadOnlyList<double> JobDurationBuckets { get; } = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600];

    private readonly Counter<long> _providerCalls;
    private readonly Histogram<double> _jobDuration;

    public ConnectorMetrics(IMeterFactory meterFactory, DatabaseFigures figures)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(figures);
        Meter = meterFactory.Create(MeterName);
        _providerCalls = Meter.CreateCounter<long>("hipaymirakl.provider.calls", "{call}",
            "HTTP calls to a provider (every attempt on the wire), by api and outcome.");
        _jobDuration = Meter.CreateHistogram("hipaymirakl.job.duration.seconds", "s",
            "How long a job ran, from lease taken to batch recorded, by job and outcome.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = JobDurationBuckets });
        Meter.CreateObservableGauge("hipaymirakl.legs", () => figures.Current.Legs
                .GroupBy(l => l.Status)
                .Select(g => new Measurement<long>(g.Sum(l => l.Count), new KeyValuePair<string, object?>("status", g.Key.ToString()))),
            "{leg}", "Legs by status.");
        Meter.CreateObservableGauge("hipaymirakl.legs.amount.minor", () => figures.Current.Legs
                .Select(l => new Measurement<long>(l.AmountMinor,
                    new KeyValuePair<string, object?>("currency", l.Currency), new KeyValuePair<string, object?>("status", l.Status.ToString()))),
            "{minor unit}", "Sum of leg amounts in minor units of the currency (cents for EUR, yen for JPY), by currency and status.");
        Meter.CreateObservableGauge("hipaymirakl.legs.oldest.pending.age.seconds", () => figures.Current.OldestPendingLegAgeSeconds,
            "s", "Age of the oldest leg still on its way to a bank (0 when none).");
        Meter.CreateObservableGauge("hipaymirakl.inbox.unprocessed", () => figures.Current.InboxUnprocessed,
            "{notification}", "Stored notifications not applied yet (pending or failed and waiting for a retry).");
        Meter.CreateObservableGauge("hipaymirakl.inbox.lag.seconds", () => figures.Current.InboxLagSeconds,
            "s", "Age of the oldest stored notification not applied yet (0 when none).");
        Meter.CreateObservableGauge("hipaymirakl.inbox.dead.letters", () => figures.Current.InboxDeadLetters,
            "{notification}", "Notifications given up on, waiting for a person.");
    }

    public Meter Meter { get; }

    public void ProviderCall(string api, ProviderCallOutcome outcome) =>
        _providerCalls.Add(1, new KeyValuePair<string, object?>("api", api), new KeyValuePair<string, object?>("outcome", Label(outcome)));

    public void JobFinished(string job, string outcome, TimeSpan duration) =>
        _jobDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("job", job), new KeyValuePair<string, object?>("outcome", outcome));

    public static string Label(ProviderCallOutcome outcome) => outcome switch
    {
        ProviderCallOutcome.Ok => "ok",
        ProviderCallOutcome.ClientError => "client_error",
        ProviderCallOutcome.Throttled => "throttled",
        ProviderCallOutcome.ServerError => "server_error",
        ProviderCallOutcome.Timeout => "timeout",
        _ => "transport_error",
    };
}
