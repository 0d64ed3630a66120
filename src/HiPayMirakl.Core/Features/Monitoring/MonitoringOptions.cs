namespace HiPayMirakl.Core.Features.Monitoring;

/// <summary>Health checks, metrics and the provider-outage alert.</summary>
public sealed class MonitoringOptions
{
    public const string SectionName = "Monitoring";

    /// <summary>A provider failing (5xx, timeouts, transport errors) without a single success for this long raises <c>provider.failing</c>.</summary>
    public TimeSpan ProviderFailingAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Each readiness call to a provider gives up after this.</summary>
    public TimeSpan ReadinessTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A readiness answer is reused for this long, so a storm of probes never reaches the providers.</summary>
    public TimeSpan ReadinessCacheDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The database figures of a scrape are reused for this long.</summary>
    public TimeSpan MetricsCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Errors naming the key (<c>Monitoring:…</c>); empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        foreach (var (key, value) in new[]
        {
            (nameof(ProviderFailingAfter), ProviderFailingAfter), (nameof(ReadinessTimeout), ReadinessTimeout),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return $"{SectionName}:{key}: must be positive.";
            }
        }

        foreach (var (key, value) in new[]
        {
            (nameof(ReadinessCacheDuration), ReadinessCacheDuration), (nameof(MetricsCacheDuration), MetricsCacheDuration),
        })
        {
            if (value < TimeSpan.Zero)
            {
                yield return $"{SectionName}:{key}: must not be negative.";
            }
        }
    }
}
