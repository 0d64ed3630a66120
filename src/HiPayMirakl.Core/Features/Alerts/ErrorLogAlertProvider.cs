using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Features.Alerts;

/// <summary>
/// Turns every Error and Critical log event into an alert (kind <c>log.error</c>), keyed by category and message
/// template so that one failure repeated a thousand times is one line of the digest. The alerting feature's own
/// categories, and anything logged while it stores or mails alerts, are left out: an alert about a failing alert
/// would feed itself.
/// </summary>
public sealed class ErrorLogAlertProvider(IAlertSink sink) : ILoggerProvider
{
    public const string Kind = "log.error";

    private static readonly string OwnCategoryPrefix = typeof(ErrorLogAlertProvider).Namespace + ".";

    public ILogger CreateLogger(string categoryName) =>
        categoryName.StartsWith(OwnCategoryPrefix, StringComparison.Ordinal) ? NoAlerts.Instance : new Forwarder(sink, categoryName);

    public void Dispose()
    {
    }

    private sealed class Forwarder(IAlertSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel) || AlertingScope.IsActive)
            {
                return;
            }

            ArgumentNullException.ThrowIfNull(formatter);
            var message = formatter(state, exception);
            var template = state is IReadOnlyList<KeyValuePair<string, object?>> values
                ? values.FirstOrDefault(v => v.Key == "{OriginalFormat}").Value as string
                : null;
            var detail = exception is null ? $"{category}" : $"{category}\n{exception.GetType().Name}: {exception.Message}";
            sink.Raise(new Alert(
                Kind,
                logLevel == LogLevel.Critical ? AlertSeverity.Critical : AlertSeverity.Error,
                message,
                detail,
                category + ": " + (template ?? eventId.Name ?? message)));
        }
    }

    private sealed class NoAlerts : ILogger
    {
        public static readonly NoAlerts Instance = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => false;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }
    }
}
