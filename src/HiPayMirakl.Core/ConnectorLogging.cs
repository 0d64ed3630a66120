using HiPayMirakl.Core.Configuration;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Extensions.Logging;
using Serilog.Formatting.Compact;

namespace HiPayMirakl.Core;

/// <summary>
/// Logging shared by the web host and the command line: Information and up (Debug with Alerting:Debug), SQL statements
/// and HTTP requests only at Debug, and, when Alerting:LogFilePath is set, one JSON object per event appended to
/// that file (Serilog's rendered compact format: @t time, @l level when not Information, @m message, @mt template,
/// @x exception, @i event id, SourceContext and the message's named values).
/// </summary>
public static class ConnectorLogging
{
    /// <summary>EF Core's category for every SQL statement it runs.</summary>
    public const string DatabaseCommandCategory = "Microsoft.EntityFrameworkCore.Database.Command";

    public static ILoggingBuilder AddConnectorDefaults(this ILoggingBuilder logging, ConnectorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(logging);
        ArgumentNullException.ThrowIfNull(settings);
        logging.SetMinimumLevel(settings.Alerting.Debug ? LogLevel.Debug : LogLevel.Information);
        logging.AddFilter(DatabaseCommandCategory, settings.Alerting.SqlLogLevel);
        // Per-request client logs would drown the jobs' own lines; failures still surface as warnings.
        logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        // The framework's own request lines are Information; the host writes one line per request at Debug instead.
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (!string.IsNullOrWhiteSpace(settings.Alerting.LogFilePath))
        {
            var path = Path.GetFullPath(settings.Alerting.LogFilePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // Levels are decided by the filters above; the file takes whatever passes them. Shared: the host and
            // commands started beside it append to the same file.
            var file = new LoggerConfiguration()
                .MinimumLevel.Verbose()
                .WriteTo.File(new RenderedCompactJsonFormatter(), path, shared: true)
                .CreateLogger();
            // Added as a plain provider: AddSerilog would add a provider rule at Trace that outranks the filters above.
            logging.AddProvider(new SerilogLoggerProvider(file, dispose: true));
        }

        return logging;
    }
}
