using HiPayMirakl.Core.Configuration;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core;

/// <summary>Logging defaults shared by the web host and the command line.</summary>
public static class ConnectorLogging
{
    /// <summary>EF Core's category for every SQL statement it runs.</summary>
    public const string DatabaseCommandCategory = "Microsoft.EntityFrameworkCore.Database.Command";

    public static ILoggingBuilder AddConnectorDefaults(this ILoggingBuilder logging, ConnectorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(logging);
        ArgumentNullException.ThrowIfNull(settings);
        logging.AddFilter(DatabaseCommandCategory, settings.Alerting.SqlLogLevel);
        // Per-request client logs would drown the jobs' own lines; failures still surface as warnings.
        logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        return logging;
    }
}
