using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Simulator.Common;

/// <summary>The control API every simulator exposes under /_sim (no authentication: test tooling only).</summary>
public static class SimulatorControl
{
    public const string Prefix = "/_sim";

    /// <summary>camelCase with enums as strings: what the control API reads and writes.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = CreateJsonOptions();

    public static IEndpointRouteBuilder MapSimulatorControl(this IEndpointRouteBuilder app, Action? reset = null,
        Func<object>? describeState = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var sp = app.ServiceProvider;
        var options = sp.GetRequiredService<SimulatorKitOptions>();
        var clock = sp.GetRequiredService<VirtualClock>();
        var journal = sp.GetRequiredService<RequestJournal>();
        var faults = sp.GetRequiredService<FaultRegistry>();
        var limits = sp.GetRequiredService<RateLimiterRegistry>();
        var outbox = sp.GetRequiredService<NotificationOutbox>();
        var hold = sp.GetRequiredService<RequestHold>();
        var g = app.MapGroup(Prefix);

        // Hold matching requests (e.g. {"method":"POST","pathRegex":"^/api/(transfer|withdrawal)$"}) until released.
        g.MapGet("/hold", () => Json(new { active = hold.Active, waiting = hold.Waiting, held = hold.Held }));
        g.MapPost("/hold", async (HttpRequest req) =>
        {
            var body = await ReadAsync<HoldRequest>(req);
            if (body is null || string.IsNullOrWhiteSpace(body.PathRegex))
            {
                return Error("Body {\"pathRegex\": \"...\", \"method\": \"POST\"} is required.");
            }

            try
            {
                hold.Hold(body.Method, body.PathRegex);
            }
            catch (ArgumentException ex)
            {
                return Error(ex.Message);
            }

            return Json(new { active = hold.Active, waiting = hold.Waiting, held = hold.Held });
        });
        g.MapPost("/hold/release", () =>
        {
            hold.Release();
            return Json(new { active = hold.Active, waiting = hold.Waiting, held = hold.Held });
        });

        g.MapPost("/faults", async (HttpRequest req) =>
        {
            var rule = await ReadAsync<FaultRule>(req);
            if (rule is null)
            {
                return Error("A fault rule body is required.");
            }

            try
            {
                return Json(new { id = faults.Add(rule) });
            }
            catch (ArgumentException ex)
            {
                return Error(ex.Message);
            }
        });
        g.MapGet("/faults", () => Json(faults.List().Select(s => new { rule = s.Rule, matched = s.Matched, fired = s.Fired })));
        g.MapDelete("/faults/{id}", (string id) => faults.Remove(id) ? Results.NoContent() : Results.NotFound());
        g.MapDelete("/faults", () =>
        {
            faults.Clear();
            return Results.NoContent();
        });

        g.MapGet("/clock", () => Json(new { now = clock.GetUtcNow(), pending = clock.Pending }));
        g.MapPost("/clock/advance", async (HttpRequest req, CancellationToken ct) =>
        {
            var body = await ReadAsync<AdvanceRequest>(req);
            if (body is null || body.Seconds < 0)
            {
                return Error("Body {\"seconds\": n} with n >= 0 is required.");
            }

            var run = await clock.AdvanceAsync(TimeSpan.FromSeconds(body.Seconds), ct);
            return Json(new { now = clock.GetUtcNow(), jobsRun = run });
        });
        g.MapPost("/clock/set", async (HttpRequest req) =>
        {
            var body = await ReadAsync<SetClockRequest>(req);
            if (body is null)
            {
                return Error("Body {\"now\": \"<ISO-8601>\"} is required.");
            }

            try
            {
                clock.Set(body.Now);
            }
            catch (InvalidOperationException ex)
            {
                return Error(ex.Message);
            }

            return Json(new { now = clock.GetUtcNow() });
        });

        g.MapGet("/journal", () => Json(journal.Snapshot()));
        g.MapDelete("/journal", () =>
        {
            journal.Clear();
            return Results.NoContent();
        });

        g.MapPost("/reset", () =>
        {
            reset?.Invoke();
            hold.Release();
            journal.Clear();
            faults.Clear();
            outbox.Clear();
            clock.ClearPending();
            limits.ResetBuckets();
            return Json(new { reset = true, now = clock.GetUtcNow() });
        });
        g.MapGet("/state", () => Json(new { name = options.Name, now = clock.GetUtcNow(), state = describeState?.Invoke() }));

        g.MapGet("/ratelimits", () => Json(limits.List().Select(l =>
            new { routeKey = l.RouteKey, capacity = l.Capacity, refillSeconds = l.RefillEvery.TotalSeconds })));
        g.MapPost("/ratelimits", async (HttpRequest req) =>
        {
            var body = await ReadAsync<RateLimitRequest>(req);
            if (body is null || string.IsNullOrWhiteSpace(body.RouteKey) || body.Capacity < 1 || body.RefillSeconds <= 0)
            {
                return Error("Body {\"routeKey\":\"…\",\"capacity\":n,\"refillSeconds\":s} is required.");
            }

            limits.Configure(body.RouteKey, body.Capacity, TimeSpan.FromSeconds(body.RefillSeconds));
            return Json(new { routeKey = body.RouteKey, capacity = body.Capacity, refillSeconds = body.RefillSeconds });
        });
        g.MapDelete("/ratelimits", () =>
        {
            limits.Clear();
            return Results.NoContent();
        });

        g.MapGet("/outbox", () => Json(outbox.Snapshot()));
        g.MapPost("/outbox/flush", async (CancellationToken ct) => Json(new { attempts = await outbox.FlushAsync(ct) }));
        g.MapPost("/outbox/modes", async (HttpRequest req) =>
        {
            var body = await ReadAsync<ModesRequest>(req);
            if (body is null)
            {
                return Error("A modes body is required.");
            }

            outbox.Modes.Duplicate = body.Duplicate ?? outbox.Modes.Duplicate;
            outbox.Modes.Reorder = body.Reorder ?? outbox.Modes.Reorder;
            outbox.Modes.DropNext = body.DropNext ?? outbox.Modes.DropNext;
            return Json(new { duplicate = outbox.Modes.Duplicate, reorder = outbox.Modes.Reorder, dropNext = outbox.Modes.DropNext });
        });
        return app;
    }

    private static IResult Json(object value) => Results.Json(value, JsonOptions);

    private static IResult Error(string message) =>
        Results.Json(new { status = 400, message }, JsonOptions, statusCode: StatusCodes.Status400BadRequest);

    private static async Task<T?> ReadAsync<T>(HttpRequest req)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(req.Body, JsonOptions, req.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        o.Converters.Add(new JsonStringEnumConverter());
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    private sealed record AdvanceRequest(double Seconds);

    private sealed record SetClockRequest(DateTimeOffset Now);

    private sealed record RateLimitRequest(string RouteKey, int Capacity, double RefillSeconds);

    private sealed record ModesRequest(bool? Duplicate, bool? Reorder, int? DropNext);

    private sealed record HoldRequest(string? Method, string? PathRegex);
}
