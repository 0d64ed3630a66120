using System.Diagnostics.CodeAnalysis;
using Simulator.Mirakl.Seeding;

namespace Simulator.Mirakl;

/// <summary>Configuration of the fake Mirakl operator API.</summary>
[SuppressMessage("Maintainability", "CA1515:Consider making public types internal", Justification = "Hosted in-process by test and bench projects.")]
public sealed class MiraklSimulatorOptions
{
    /// <summary>Accepted operator keys (sent raw in Authorization, or as "Bearer &lt;key&gt;").</summary>
    public IList<string> OperatorKeys { get; } = ["operator-key"];

    /// <summary>Front key: accepted only on S31 when <see cref="FrontKeyAllowedForDownload"/>.</summary>
    public string? FrontKey { get; set; } = "front-key";

    public bool AcceptBearer { get; set; } = true;

    public bool FrontKeyAllowedForDownload { get; set; } = true;

    /// <summary>Largest page (max is clamped to it). Assumption 100 from the reference.</summary>
    public int MaxPageSize { get; set; } = 100;

    public int DefaultPageSize { get; set; } = 10;

    /// <summary>S30 rejects more shop ids than this with 400.</summary>
    public int MaxDocumentShopIds { get; set; } = 100;

    public string Version { get; set; } = "3.210";

    /// <summary>Seed of the fault-injection random source.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Initial virtual time; default 2026-01-01T00:00:00Z.</summary>
    public DateTimeOffset? ClockStart { get; set; }

    /// <summary>Token buckets configured at start-up (route keys S20, S07, IV01, S30, S31, DO01, AF01); none by
    /// default so tests opt in. They survive /_sim/reset, which only refills them.</summary>
    public IList<MiraklRateLimit> RateLimits { get; } = [];

    /// <summary>When set, the marketplace is generated at start-up.</summary>
    public MarketplaceSeedRequest? InitialSeed { get; set; }
}

/// <summary>A start-up rate limit: <paramref name="Capacity"/> calls per <paramref name="RefillEvery"/> per credential.</summary>
[SuppressMessage("Maintainability", "CA1515:Consider making public types internal", Justification = "Part of the public options of the in-process host.")]
public sealed record MiraklRateLimit(string RouteKey, int Capacity, TimeSpan RefillEvery);
