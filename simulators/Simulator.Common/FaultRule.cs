namespace Simulator.Common;

/// <summary>What a matching fault rule does to the request.</summary>
public enum FaultKind
{
    /// <summary>Wait <see cref="FaultRule.LatencyMs"/> (real time), then answer normally.</summary>
    Latency,
    /// <summary>Answer <see cref="FaultRule.StatusCode"/> (default 500) with <see cref="FaultRule.Body"/>.</summary>
    Status,
    /// <summary>Answer 429 with Retry-After.</summary>
    RateLimited,
    /// <summary>Never answer until the client gives up.</summary>
    Hang,
    /// <summary>Run the endpoint (state changes), then abort the connection: the caller cannot know the outcome.</summary>
    DropAfterApply,
    /// <summary>Run the endpoint (state changes), then answer 500.</summary>
    FailAfterApply,
    /// <summary>Answer 200 with <see cref="FaultRule.Body"/> or a truncated copy of the real response.</summary>
    Malformed,
    /// <summary>Answer HTTP 200 with a provider error body, without running the endpoint.</summary>
    ErrorCode,
    /// <summary>Run the endpoint (state changes), then never answer until the client gives up: a timeout after the fact.</summary>
    HangAfterApply,
}

/// <summary>
/// A fault to inject. All given match fields must match; all given triggers must agree (nth match, at most
/// count firings, probability drawn from the simulator's seeded random).
/// </summary>
public sealed record FaultRule(string? Id, FaultKind Kind, string? Method = null, string? PathRegex = null,
    string? BodyContains = null, double? Probability = null, int? Count = null, int? Nth = null,
    int? StatusCode = null, string? Body = null, string? ContentType = null, int? LatencyMs = null,
    int? RetryAfterSeconds = null);

/// <summary>A rule with its counters.</summary>
public sealed record FaultRuleState(FaultRule Rule, int Matched, int Fired);
