using System.Net;
using System.Text;
using System.Text.Json;
using HiPayMirakl.Cli;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HiPayMirakl.IntegrationTests.Web;

public sealed class EnvironmentTests
{
    private const string FailurePath = "/test/failure";
    private const string FailureMessage = "the failure the test asked for";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Development_UnhandledError_ProblemDetailsCarryTheException(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false, services: AddFailingRoute, environment: Environments.Development);

        var (status, problem) = await FailAsync(harness);

        Assert.Equal(Environments.Development, harness.Web.Environment.EnvironmentName);
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal(FailureMessage, problem.GetProperty("detail").GetString());
        Assert.Equal(typeof(InvalidOperationException).FullName, problem.GetProperty("exception").GetProperty("type").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Production_UnhandledError_ProblemDetailsHideTheException(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider, processInbox: false, services: AddFailingRoute);

        var (status, problem) = await FailAsync(harness);

        Assert.Equal(Environments.Production, harness.Web.Environment.EnvironmentName);
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.False(problem.TryGetProperty("exception", out _));
        Assert.DoesNotContain(FailureMessage, problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_EnvironmentOption_SelectsTheHostEnvironment()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite, processInbox: false);
        using var output = new SignallingWriter("listening on ");
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();

        // appsettings.Development.json points at a local HiPay Enterprise simulator this harness does not start.
        var serve = CliApp.RunAsync([.. harness.CliArgs(), "--set", "HiPayEnterprise:BaseUrl=", "--environment", "Development", "serve", "--urls", "http://127.0.0.1:0"], output, error, stop.Token);
        var started = await Task.WhenAny(output.Seen, serve);
        Assert.True(started == output.Seen, "serve ended early: " + error);
        using (var client = new HttpClient { BaseAddress = new Uri(output.Text.Split("listening on ")[1].Trim()) })
        using (var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        await stop.CancelAsync();
        Assert.Equal(CliApp.ExitOk, await serve);
        Assert.Contains("environment Development", output.Text, StringComparison.Ordinal);
    }

    private static void AddFailingRoute(IServiceCollection services) => services.AddSingleton<IStartupFilter, FailingRoute>();

    private static async Task<(HttpStatusCode Status, JsonElement Problem)> FailAsync(ConnectorHarness harness)
    {
        using var response = await harness.WebClient.GetAsync(new Uri(FailurePath, UriKind.Relative));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    /// <summary>A route that throws, behind the host's own error handling (added after the host's pipeline).</summary>
    private sealed class FailingRoute : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map(FailurePath, b => b.Run(_ => throw new InvalidOperationException(FailureMessage)));
        };
    }

    /// <summary>Collects what the command prints and completes <see cref="Seen"/> once a line holds the marker.</summary>
    private sealed class SignallingWriter(string marker) : TextWriter
    {
        private readonly StringBuilder _text = new();
        private readonly TaskCompletionSource _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override Encoding Encoding => Encoding.UTF8;

        public Task Seen => _seen.Task;

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public override void Write(char value)
        {
            lock (_text)
            {
                _text.Append(value);
                if (value == '\n' && _text.ToString().Contains(marker, StringComparison.Ordinal))
                {
                    _seen.TrySetResult();
                }
            }
        }
    }
}
