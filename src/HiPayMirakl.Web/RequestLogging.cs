using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Web;

/// <summary>
/// One Debug line per HTTP request (method, path, client address and scheme, status, duration), in place of the
/// framework's Information lines. Behind a proxy named in Web:KnownProxies, the client is the forwarded one.
/// The query string is left out: it is the caller's, and may carry what must not be logged.
/// </summary>
public static partial class RequestLogging
{
    public static IApplicationBuilder UseRequestLogging(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestLogging).FullName!);
        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                if (logger.IsEnabled(LogLevel.Debug))
                {
                    var elapsed = Stopwatch.GetElapsedTime(started);
                    var client = context.Connection.RemoteIpAddress?.ToString() ?? "-";
                    Completed(logger, context.Request.Method, context.Request.Path, client, context.Request.Scheme, context.Response.StatusCode, elapsed.TotalMilliseconds);
                }
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "HTTP {Method} {Path} from {ClientIp} ({Scheme}) answered {StatusCode} in {ElapsedMs:0.0} ms")]
    private static partial void Completed(ILogger logger, string method, PathString path, string clientIp, string scheme, int statusCode, double elapsedMs);
}
