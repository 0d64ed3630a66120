using HiPayMirakl.Core;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Monitoring;
using HiPayMirakl.Core.Features.Scheduling;
using HiPayMirakl.Web.Access;
using HiPayMirakl.Web.Endpoints;
using HiPayMirakl.Web.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HiPayMirakl.Web;

/// <summary>
/// The connector's HTTP host: notification endpoints, health, sign-in and the admin API and the operator dashboard.
/// Used by `hipay-mirakl serve`, the demo and the integration tests (Kestrel on 127.0.0.1:0).
/// </summary>
public static class ConnectorWebHost
{
    /// <param name="environment">
    /// The hosting environment (<c>--environment</c>). Only <c>Development</c> shows exception details in error
    /// answers; every other name behaves as Production.
    /// </param>
    public static WebApplication Build(ConnectorSettings settings, IEnumerable<string> urls, Action<IServiceCollection>? configureServices = null, bool processInbox = true,
        bool runScheduler = false, string? environment = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            EnvironmentName = string.IsNullOrWhiteSpace(environment) ? Environments.Production : environment,
        });
        var development = builder.Environment.IsDevelopment();
        builder.WebHost.UseUrls([.. urls]);
        builder.WebHost.ConfigureKestrel(k =>
        {
            // Notifications are small; anything larger is refused before it is read.
            k.Limits.MaxRequestBodySize = 1024 * 1024;
        });
        builder.Logging.AddConnectorDefaults(settings);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            // Exception details help a developer; in production they could reveal internals, so they stay in the logs.
            if (development && context.Exception is { } exception)
            {
                context.ProblemDetails.Detail = exception.Message;
                context.ProblemDetails.Extensions["exception"] = new { type = exception.GetType().FullName, stackTrace = exception.StackTrace };
            }
        });
        builder.Services.AddOpenApi();
        ConnectorAuthentication.Add(builder.Services);
        builder.Services.AddAuthorization(ConnectorPolicies.Configure);
        builder.Services.AddConnector(settings);
        Dashboard.DashboardSetup.AddDashboard(builder.Services, settings);
        builder.Services.AddSingleton<PrometheusExporter>();
        builder.Services.AddSingleton<ReadinessProbe>();
        if (processInbox)
        {
            builder.Services.AddHostedService<InboxProcessingService>();
        }

        // The schedule runs only where asked (serve); the demo and tests run jobs themselves.
        if (runScheduler)
        {
            builder.Services.AddConnectorScheduler(settings);
        }

        // X-Forwarded-* are believed only from the proxies named in Web:KnownProxies (none by default: the framework's
        // loopback defaults are cleared too), so a client cannot choose the address or scheme the host sees.
        var proxies = settings.Web.ProxyNetworks();
        if (proxies.Count > 0)
        {
            builder.Services.Configure<ForwardedHeadersOptions>(o =>
            {
                o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
                o.KnownProxies.Clear();
                o.KnownIPNetworks.Clear();
                foreach (var network in proxies)
                {
                    o.KnownIPNetworks.Add(network);
                }
            });
        }

        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        if (proxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        app.UseRequestLogging();
        // Listening starts before any job or provider call, so no measurement is missed.
        app.Services.GetRequiredService<PrometheusExporter>();
        app.Services.GetRequiredService<ConnectorMetrics>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        // Only the notification endpoints and liveness are anonymous (each marks itself); every other route names
        // the role it needs, and a test walks the endpoint data source to prove it.
        app.MapOpenApi().RequireAuthorization(ConnectorPolicies.Viewer);
        HealthEndpoints.Map(app);
        MetricsEndpoints.Map(app);
        WalletNotificationEndpoints.Map(app, settings.WalletNotifications);
        DirectDebitEndpoints.Map(app);
        JobEndpoints.Map(app);
        ReconciliationEndpoints.Map(app);
        AccountEndpoints.Map(app);
        UserEndpoints.Map(app);
        OperationsEndpoints.Map(app);
        CyclePreviewEndpoints.Map(app);
        ApprovalEndpoints.Map(app);
        Dashboard.DashboardSetup.MapDashboard(app);
        return app;
    }

    /// <summary>The addresses Kestrel actually listens on (port 0 resolved).</summary>
    public static IReadOnlyList<Uri> Addresses(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var feature = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        return feature?.Addresses.Select(a => new Uri(a)).ToList() ?? [];
    }
}
