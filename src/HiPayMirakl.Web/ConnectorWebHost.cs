using HiPayMirakl.Core;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Web.Endpoints;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HiPayMirakl.Web;

/// <summary>
/// The connector's HTTP host: notification endpoints, health and (later) the dashboard and admin API.
/// Used by `hipay-mirakl serve`, the demo and the integration tests (Kestrel on 127.0.0.1:0).
/// </summary>
public static class ConnectorWebHost
{
    public static WebApplication Build(ConnectorSettings settings, IEnumerable<string> urls, Action<IServiceCollection>? configureServices = null, bool processInbox = true)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseUrls([.. urls]);
        builder.WebHost.ConfigureKestrel(k =>
        {
            // Notifications are small; anything larger is refused before it is read.
            k.Limits.MaxRequestBodySize = 1024 * 1024;
        });
        builder.Logging.AddConnectorDefaults(settings);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddAuthorization(ConnectorPolicies.Configure);
        builder.Services.AddConnector(settings);
        if (processInbox)
        {
            builder.Services.AddHostedService<InboxProcessingService>();
        }

        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseRequestLogging();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        HealthEndpoints.Map(app);
        WalletNotificationEndpoints.Map(app);
        DirectDebitEndpoints.Map(app);
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
