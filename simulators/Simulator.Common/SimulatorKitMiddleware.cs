using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Simulator.Common;

/// <summary>
/// Journal, rate limits and fault injection in front of a simulator's endpoints. Control paths (/_sim) bypass it so
/// tests can always reach the control API, whatever faults are active.
/// </summary>
internal sealed class SimulatorKitMiddleware(
    RequestDelegate next,
    SimulatorKitOptions options,
    VirtualClock clock,
    RequestJournal journal,
    FaultRegistry faults,
    RequestHold hold,
    RateLimiterRegistry rateLimits,
    IHostApplicationLifetime lifetime)
{
    private const int MaxInspectedBody = 1 << 20;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments(SimulatorControl.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        var seq = journal.NextSeq();
        var at = clock.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        var (bodySha, bodyText) = await ReadBodyAsync(context.Request);
        var reference = options.JournalReference?.Invoke(context.Request.Method, context.Request.Path.Value ?? "/", bodyText);
        var recorded = 0;
        // A request that will never be answered is journalled before the connection is cut or left hanging: the
        // client sees the failure at once, and a test reading the journal right after must already find the request.
        void Record(int status, string? faultId)
        {
            if (Interlocked.Exchange(ref recorded, 1) == 0)
            {
                journal.Add(new JournalEntry(seq, at, context.Request.Method, context.Request.Path.Value ?? "/",
                    context.Request.QueryString.Value ?? string.Empty, JournalHeaders(context.Request), bodySha, status,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds, faultId, reference));
            }
        }

        string? faultId = null;
        var status = 0;
        try
        {
            (status, faultId) = await HandleAsync(context, bodyText, Record);
        }
        finally
        {
            Record(status, faultId);
        }
    }

    private async Task<(int Status, string? FaultId)> HandleAsync(HttpContext context, string? bodyText,
        Action<int, string?> recordUnanswered)
    {
        var request = context.Request;
        var decision = rateLimits.TryAcquire(Credential(request), RouteKeys(context));
        if (!decision.Allowed)
        {
            await WriteRateLimitedAsync(context, decision.RetryAfterSeconds, null);
            return (StatusCodes.Status429TooManyRequests, null);
        }

        try
        {
            await hold.WaitIfHeldAsync(request.Method, request.Path.Value ?? "/", context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The caller gave up while the request was held: it is never run, and nobody is left to answer.
            recordUnanswered(0, "hold");
            return (0, "hold");
        }

        var rule = faults.Evaluate(request.Method, request.Path.Value ?? "/", bodyText);
        if (rule is null)
        {
            await next(context);
            return (context.Response.StatusCode, null);
        }

        switch (rule.Kind)
        {
            case FaultKind.Latency:
                await Task.Delay(Math.Max(0, rule.LatencyMs ?? 1000), context.RequestAborted);
                await next(context);
                return (context.Response.StatusCode, rule.Id);

            case FaultKind.Status:
                await WriteAsync(context, rule.StatusCode ?? 500, rule.Body ?? options.ServerErrorBody,
                    rule.ContentType ?? "application/json");
                return (context.Response.StatusCode, rule.Id);

            case FaultKind.RateLimited:
                await WriteRateLimitedAsync(context, rule.RetryAfterSeconds ?? 1, rule);
                return (StatusCodes.Status429TooManyRequests, rule.Id);

            case FaultKind.Hang:
                recordUnanswered(0, rule.Id);
                await HangAsync(context);
                return (0, rule.Id);

            case FaultKind.DropAfterApply:
                await RunBufferedAsync(context);
                recordUnanswered(0, rule.Id);
                context.Abort();
                return (0, rule.Id);

            case FaultKind.HangAfterApply:
                await RunBufferedAsync(context);
                recordUnanswered(0, rule.Id);
                await HangAsync(context);
                return (0, rule.Id);

            case FaultKind.FailAfterApply:
                await RunBufferedAsync(context);
                context.Response.Clear();
                await WriteAsync(context, rule.StatusCode ?? 500, rule.Body ?? options.ServerErrorBody,
                    rule.ContentType ?? "application/json");
                return (context.Response.StatusCode, rule.Id);

            case FaultKind.Malformed:
                await WriteMalformedAsync(context, rule);
                return (StatusCodes.Status200OK, rule.Id);

            case FaultKind.ErrorCode:
                await WriteAsync(context, StatusCodes.Status200OK, rule.Body ?? """{"code":1,"message":"Error"}""",
                    rule.ContentType ?? "application/json");
                return (StatusCodes.Status200OK, rule.Id);

            default:
                throw new InvalidOperationException($"Unknown fault kind {rule.Kind}.");
        }
    }

    private async Task HangAsync(HttpContext context)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted,
            lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(Timeout.Infinite, linked.Token);
        }
        catch (OperationCanceledException)
        {
            // Expected: the client gave up or the host is stopping; either way nobody gets an answer.
        }

        context.Abort();
    }

    private static async Task<byte[]> RunBufferedAsync(HttpContext context, RequestDelegate next)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        return buffer.ToArray();
    }

    private Task<byte[]> RunBufferedAsync(HttpContext context) => RunBufferedAsync(context, next);

    private async Task WriteMalformedAsync(HttpContext context, FaultRule rule)
    {
        if (rule.Body is not null)
        {
            await WriteAsync(context, StatusCodes.Status200OK, rule.Body, rule.ContentType ?? "application/json");
            return;
        }

        var real = await RunBufferedAsync(context);
        var contentType = rule.ContentType ?? context.Response.ContentType ?? "application/json";
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = contentType;
        // Half of the real body: enough to look plausible, never valid JSON for a non-trivial document.
        var truncated = real.AsMemory(0, real.Length / 2);
        await context.Response.Body.WriteAsync(truncated, context.RequestAborted);
    }

    private async Task WriteRateLimitedAsync(HttpContext context, int retryAfterSeconds, FaultRule? rule)
    {
        context.Response.Headers.RetryAfter = Math.Max(0, retryAfterSeconds).ToString(CultureInfo.InvariantCulture);
        await WriteAsync(context, StatusCodes.Status429TooManyRequests, rule?.Body ?? options.RateLimitedBody,
            rule?.ContentType ?? options.RateLimitedContentType);
    }

    private static async Task WriteAsync(HttpContext context, int status, string body, string contentType)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    private static async Task<(string? Sha, string? Text)> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && !request.Headers.ContainsKey("Transfer-Encoding")))
        {
            return (null, null);
        }

        request.EnableBuffering();
        using var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        if (copy.Length == 0)
        {
            return (null, null);
        }

        var bytes = copy.ToArray();
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var text = bytes.Length <= MaxInspectedBody ? Encoding.UTF8.GetString(bytes) : null;
        return (sha, text);
    }

    private string Credential(HttpRequest request)
    {
        foreach (var name in options.CredentialHeaders)
        {
            if (request.Headers.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v.ToString()))
            {
                // Only a digest is kept in memory as the bucket key, never the credential itself.
                return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name + ":" + v)));
            }
        }

        return "anonymous";
    }

    private static IEnumerable<string> RouteKeys(HttpContext context)
    {
        var key = context.GetEndpoint()?.Metadata.GetMetadata<SimulatorRouteKey>();
        if (key is not null)
        {
            yield return key.Key;
        }

        yield return context.Request.Method + " " + context.Request.Path.Value;
    }

    private Dictionary<string, string> JournalHeaders(HttpRequest request)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in request.Headers)
        {
            var text = value.ToString();
            headers[name] = HeaderMasking.IsSensitive(name, options.SensitiveHeaders) ? HeaderMasking.Mask(text) : text;
        }

        return headers;
    }
}
