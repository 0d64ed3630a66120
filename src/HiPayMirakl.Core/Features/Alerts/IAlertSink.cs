using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Features.Alerts;

/// <summary>How loud an alert is: the e-mail threshold and the digest order compare these.</summary>
public enum AlertSeverity
{
    Info = 0,
    Warning = 1,
    Error = 2,
    Critical = 3,
}

/// <summary>
/// Something an operator must know about, raised by the feature that saw it. <paramref name="Kind"/> is a stable
/// name (e.g. <c>leg.held</c>, <c>inbox.dead-letter</c>, <c>job.missed</c>); <paramref name="Key"/> identifies the thing
/// concerned (a leg id, an inbox id, a job name) so repeated alerts about the same thing can be throttled.
/// Never put a secret, salt or full IBAN in <paramref name="Subject"/> or <paramref name="Detail"/>.
/// </summary>
public sealed record Alert(string Kind, AlertSeverity Severity, string Subject, string Detail, string? Key = null);

/// <summary>Where features raise alerts. The alerting feature decides what is stored, mailed and throttled.</summary>
public interface IAlertSink
{
    void Raise(Alert alert);
}

/// <summary>The sink used when alerting is not configured: the alert becomes a log line at its severity.</summary>
public sealed partial class LoggingAlertSink(ILogger<LoggingAlertSink> logger) : IAlertSink
{
    public void Raise(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var level = alert.Severity switch
        {
            AlertSeverity.Critical => LogLevel.Critical,
            AlertSeverity.Error => LogLevel.Error,
            AlertSeverity.Warning => LogLevel.Warning,
            _ => LogLevel.Information,
        };
        Log(logger, level, alert.Kind, alert.Key ?? "-", alert.Subject);
    }

    [LoggerMessage(Message = "Alert {Kind} ({Key}): {Subject}")]
    private static partial void Log(ILogger logger, LogLevel level, string kind, string key, string subject);
}
