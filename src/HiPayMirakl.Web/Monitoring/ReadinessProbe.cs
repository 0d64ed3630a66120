using System.Diagnostics;
using HiPayMirakl.Core.Features.Monitoring;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayEnterprise;
using HiPayMirakl.HiPayWallet;
using HiPayMirakl.Mirakl;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.Web.Monitoring;

/// <summary>One dependency's state as /health/ready reports it. <see cref="Detail"/> never carries a secret or a body.</summary>
public sealed record ReadinessCheck(string Name, string Status, bool Required, long DurationMs, string? Detail);

public sealed record ReadinessReport(string Status, DateTimeOffset CheckedAt, IReadOnlyList<ReadinessCheck> Checks)
{
    /// <summary>Ready unless a required dependency is down; an optional one down only degrades.</summary>
    public bool Ready => Checks.All(c => !c.Required || c.Status == ReadinessProbe.Up);
}

/// <summary>
/// Checks the database and each provider with one cheap read call, each under a short timeout, all at once; the
/// answer is reused for <see cref="MonitoringOptions.ReadinessCacheDuration"/> so probes never hammer the providers.
/// The database, Mirakl and HiPay Wallet are required (payouts need all three); HiPay Enterprise is optional (direct
/// debit only) and reported as <c>not-configured</c> when it is not set up.
/// </summary>
public sealed class ReadinessProbe(IServiceScopeFactory scopes, Func<ConnectorDbContext> createContext, TimeProvider clock, MonitoringOptions options) : IDisposable
{
    public const string Up = "up";
    public const string Down = "down";
    public const string NotConfigured = "not-configured";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private ReadinessReport? _last;

    public async Task<ReadinessReport> CheckAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow();
            if (_last is { } last && now - last.CheckedAt < options.ReadinessCacheDuration)
            {
                return last;
            }

            await using var scope = scopes.CreateAsyncScope();
            var services = scope.ServiceProvider;
            var enterprise = services.GetService<HiPayEnterpriseClient>();
            var checks = await Task.WhenAll(
                RunAsync("database", true, async token =>
                {
                    await using var db = createContext();
                    if (!await db.Database.CanConnectAsync(token))
                    {
                        return "cannot connect";
                    }

                    var pending = (await db.Database.GetPendingMigrationsAsync(token)).Count();
                    return pending == 0 ? null : $"{pending} migration(s) not applied: run `migrate`";
                }, ct),
                RunAsync(ProviderApi.Mirakl, true, async token =>
                {
                    await services.GetRequiredService<IMiraklClient>().GetDocumentTypesAsync(ct: token);
                    return null;
                }, ct),
                RunAsync(ProviderApi.HiPayWallet, true, async token =>
                {
                    await services.GetRequiredService<HiPayWalletClient>().GetBalanceAsync(null, token);
                    return null;
                }, ct),
                enterprise is null
                    ? Task.FromResult(new ReadinessCheck(ProviderApi.HiPayEnterprise, NotConfigured, false, 0, null))
                    : RunAsync(ProviderApi.HiPayEnterprise, false, async token =>
                    {
                        await enterprise.GetSignatureAlgorithmAsync(token);
                        return null;
                    }, ct));
            var report = new ReadinessReport("", now, checks);
            report = report with { Status = !report.Ready ? Down : checks.All(c => c.Status != Down) ? "ready" : "degraded" };
            _last = report;
            return report;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Runs one check under the timeout. The check returns null when up, or why it is down.</summary>
    private async Task<ReadinessCheck> RunAsync(string name, bool required, Func<CancellationToken, Task<string?>> check, CancellationToken ct)
    {
        // A wall-clock timeout: the providers answer in real time whatever clock the connector's logic runs on.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.ReadinessTimeout);
        var started = Stopwatch.GetTimestamp();
        string? problem;
        try
        {
            problem = await check(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            problem = $"no answer within {options.ReadinessTimeout.TotalSeconds:0.#} s";
        }
#pragma warning disable CA1031 // A failing dependency is the answer of the check, not a failure of the probe.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            problem = Describe(ex);
        }

        var elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return new ReadinessCheck(name, problem is null ? Up : Down, required, elapsed, problem);
    }

    /// <summary>The kind of failure and the HTTP status when there is one; never a message that could echo a body or a key.</summary>
    private static string Describe(Exception ex) => ex switch
    {
        MiraklApiException { StatusCode: { } status } => $"HTTP {(int)status}",
        HiPayWalletApiException { HttpStatus: { } status } => $"HTTP {status}",
        HiPayEnterpriseApiException { HttpStatus: { } status } => $"HTTP {(int)status}",
        HttpRequestException h when h.StatusCode is { } status => $"HTTP {(int)status}",
        HttpRequestException => "connection failed",
        _ => ex.GetType().Name,
    };
}
