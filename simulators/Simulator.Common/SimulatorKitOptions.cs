namespace Simulator.Common;

/// <summary>Settings shared by every simulator built on the kit.</summary>
public sealed class SimulatorKitOptions
{
    /// <summary>Simulator name, shown by the control API.</summary>
    public string Name { get; set; } = "simulator";

    /// <summary>Seed of the random source used by probabilistic faults (same seed, same faults).</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Initial virtual time (default 2026-01-01T00:00:00Z).</summary>
    public DateTimeOffset? ClockStart { get; set; }

    /// <summary>Body of a 429 answer (rate limit or RateLimited fault); providers differ, so each simulator sets it.</summary>
    public string RateLimitedBody { get; set; } = """{"status":429,"message":"Too Many Requests"}""";

    public string RateLimitedContentType { get; set; } = "application/json";

    /// <summary>Body of the 500 sent by FailAfterApply / Status faults when the rule gives none.</summary>
    public string ServerErrorBody { get; set; } = """{"status":500,"message":"Internal Server Error"}""";

    /// <summary>Headers identifying the caller for rate limiting, first present wins.</summary>
    public IList<string> CredentialHeaders { get; } = ["Authorization", "php-auth-user", "X-Api-Key"];

    /// <summary>Extra header names to mask in the journal (on top of the built-in credential-looking names).</summary>
    public IList<string> SensitiveHeaders { get; } = [];

    /// <summary>Real-time timeout of one webhook delivery attempt.</summary>
    public TimeSpan NotificationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public int JournalCapacity { get; set; } = 100_000;

    /// <summary>
    /// Reads a business reference out of a request (method, path, body text) for the journal, or null. Called for
    /// every request, before any fault is applied, so a request a fault answered is still counted under its key.
    /// </summary>
    public Func<string, string, string?, string?>? JournalReference { get; set; }
}
