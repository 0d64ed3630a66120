using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.IntegrationTests.Support;

/// <summary>Keeps every log line a host writes (Debug and up), to assert what the host saw.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Entries { get; } = new();

    /// <summary>Adds this provider to a host's services, at Debug whatever the host's own filters say.</summary>
    public void AddTo(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<ILoggerProvider>(this);
        services.Configure<LoggerFilterOptions>(o => o.Rules.Add(new LoggerFilterRule(typeof(RecordingLoggerProvider).FullName, null, LogLevel.Debug, null)));
    }

    /// <summary>
    /// The first line matching <paramref name="match"/>, waiting for it while the host is still writing (a request's
    /// line follows its answer); fails after 10 seconds without it.
    /// </summary>
    public async Task<string> WaitForAsync(Func<string, bool> match)
    {
        ArgumentNullException.ThrowIfNull(match);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            foreach (var entry in Entries)
            {
                if (match(entry.Message))
                {
                    return entry.Message;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, "No such log line; lines: " + string.Join(Environment.NewLine, Entries.Select(e => e.Message)));
            await Task.Delay(50);
        }
    }

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Recorder(RecordingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue((category, logLevel, formatter(state, exception)));
    }
}
