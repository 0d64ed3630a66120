using System.Globalization;
using HiPayMirakl.Core.Features.Alerts;

namespace HiPayMirakl.Core.Features.Monitoring;

/// <summary>
/// Raises <c>provider.failing</c> once per outage: when every call to a provider has failed (5xx, timeout, transport
/// error) for <see cref="MonitoringOptions.ProviderFailingAfter"/>, and <c>provider.recovered</c> at the first answer
/// after that. A 4xx or a 429 is an answer: the provider is up, it said no or asked us to slow down.
/// </summary>
public sealed class ProviderOutageMonitor(IAlertSink alerts, TimeProvider clock, MonitoringOptions options)
{
    public const string FailingKind = "provider.failing";
    public const string RecoveredKind = "provider.recovered";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Outage> _outages = new(StringComparer.Ordinal);

    public void Record(string api, ProviderCallOutcome outcome)
    {
        var failed = outcome is ProviderCallOutcome.ServerError or ProviderCallOutcome.Timeout or ProviderCallOutcome.TransportError;
        var now = clock.GetUtcNow();
        Alert? alert = null;
        lock (_lock)
        {
            if (failed)
            {
                if (!_outages.TryGetValue(api, out var outage))
                {
                    _outages[api] = new Outage(now);
                }
                else if (!outage.Alerted && now - outage.Since >= options.ProviderFailingAfter)
                {
                    outage.Alerted = true;
                    alert = new Alert(FailingKind, AlertSeverity.Error,
                        $"{api} has been failing for {Minutes(now - outage.Since)} min",
                        $"Every call to {api} since {Stamp(outage.Since)} ended in a server error, a timeout or a transport error (last: {ConnectorMetrics.Label(outcome)}).",
                        api);
                }
            }
            else if (_outages.Remove(api, out var ended) && ended.Alerted)
            {
                alert = new Alert(RecoveredKind, AlertSeverity.Info,
                    $"{api} answers again",
                    $"{api} answered at {Stamp(now)} after failing since {Stamp(ended.Since)} ({Minutes(now - ended.Since)} min).",
                    api);
            }
        }

        if (alert is not null)
        {
            alerts.Raise(alert);
        }
    }

    /// <summary>Whether a provider is in an outage long enough to have been alerted about.</summary>
    public bool IsFailing(string api)
    {
        lock (_lock)
        {
            return _outages.TryGetValue(api, out var outage) && outage.Alerted;
        }
    }

    private static string Stamp(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Minutes(TimeSpan span) => ((long)span.TotalMinutes).ToString(CultureInfo.InvariantCulture);

    private sealed class Outage(DateTimeOffset since)
    {
        public DateTimeOffset Since { get; } = since;

        public bool Alerted { get; set; }
    }
}
