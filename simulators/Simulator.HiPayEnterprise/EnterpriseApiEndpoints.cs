using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Simulator.HiPayEnterprise;

/// <summary>The gateway routes: Basic auth, form bodies, JSON or XML answers.</summary>
internal static class EnterpriseApiEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var state = app.ServiceProvider.GetRequiredService<EnterpriseState>();
        var notifier = app.ServiceProvider.GetRequiredService<EnterpriseNotifier>();

        app.MapPost("/rest/v1/order", (HttpContext context) =>
            Guarded(context, state, async () => state.CreateOrder(await FormAsync(context.Request), context.Connection.RemoteIpAddress?.ToString(), RequestBase(context.Request))));
        foreach (var path in new[] { "/rest/v1/hpayment", "/v1/hpayment" })
        {
            app.MapPost(path, (HttpContext context) =>
                Guarded(context, state, async () => state.CreateHostedPayment(await FormAsync(context.Request), RequestBase(context.Request))));
        }

        app.MapPost("/rest/v1/maintenance/transaction/{reference}", (HttpContext context, string reference) =>
            Guarded(context, state, async () => state.Maintenance(reference, await FormAsync(context.Request))));
        app.MapGet("/rest/v1/transaction/{reference}", (HttpContext context, string reference) =>
            GuardedSync(context, state, () => state.GetTransaction(reference), xmlByDefault: true));
        app.MapGet("/rest/v1/transaction", (HttpContext context) =>
            GuardedSync(context, state, () =>
                context.Request.Query["orderid"].ToString() is { Length: > 0 } orderId
                    ? state.GetTransactionsByOrder(orderId)
                    : ApiAnswer.Fail(400, 1010101, "Required Parameter Missing", "Parameter orderid is required."), xmlByDefault: true));
        app.MapPost("/rest/v2/debit-agreement", (HttpContext context) =>
            Guarded(context, state, async () => state.CreateDebitAgreement(await FormAsync(context.Request))));
        app.MapGet("/rest/v2/security-settings", (HttpContext context) =>
            GuardedSync(context, state, () => new ApiAnswer(200, new WireDoc().Add("hashing_algorithm", notifier.Algorithm), Camel: false)));

        // GET on a POST route answers the gateway's 1010001 rather than ASP.NET's bare 405.
        foreach (var path in new[] { "/rest/v1/order", "/rest/v1/hpayment", "/v1/hpayment", "/rest/v2/debit-agreement" })
        {
            app.MapMethods(path, ["GET", "PUT", "DELETE", "PATCH"], (HttpContext context) =>
                Write(context, ApiAnswer.Fail(405, 1010001, "Method Not Allowed", "Use POST."), xmlByDefault: false));
        }

        HostedPageEndpoints.Map(app, state);
    }

    private static Task GuardedSync(HttpContext context, EnterpriseState state, Func<ApiAnswer> handler, bool xmlByDefault = false) =>
        Guarded(context, state, () => Task.FromResult(handler()), xmlByDefault);

    private static async Task Guarded(HttpContext context, EnterpriseState state, Func<Task<ApiAnswer>> handler, bool xmlByDefault = false)
    {
        if (!Authenticated(context.Request, state.Options))
        {
            await Write(context, ApiAnswer.Fail(401, 1000001, "Incorrect Credentials", "Username and/or password is incorrect."), xmlByDefault);
            return;
        }

        if (state.Switches.Maintenance)
        {
            await Write(context, ApiAnswer.Fail(503, 1000008, "Temporarily Unavailable", "The gateway is under maintenance."), xmlByDefault);
            return;
        }

        await Write(context, await handler(), xmlByDefault);
    }

    private static bool Authenticated(HttpRequest request, HiPayEnterpriseSimulatorOptions options)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon > 0
            && options.Accounts.TryGetValue(decoded[..colon], out var password)
            && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(decoded[(colon + 1)..]));
    }

    /// <summary>XML when the Accept header asks for it (or, on the legacy lookups, when it does not ask for JSON).</summary>
    public static bool WantsXml(HttpRequest request, bool xmlByDefault)
    {
        var accept = request.Headers.Accept.ToString();
        if (accept.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return accept.Contains("xml", StringComparison.OrdinalIgnoreCase) || xmlByDefault;
    }

    private static Task Write(HttpContext context, ApiAnswer answer, bool xmlByDefault)
    {
        var xml = WantsXml(context.Request, xmlByDefault);
        context.Response.StatusCode = answer.Http;
        context.Response.ContentType = xml ? "application/xml; charset=UTF-8" : "application/json; encoding=UTF-8";
        return context.Response.WriteAsync(xml ? answer.Doc.ToXml("response") : answer.Doc.ToJson(answer.Camel));
    }

    public static async Task<IReadOnlyDictionary<string, string>> FormAsync(HttpRequest request)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!request.HasFormContentType)
        {
            return result;
        }

        var form = await request.ReadFormAsync();
        foreach (var (key, value) in form)
        {
            result[key] = value.ToString();
        }

        return result;
    }

    private static Uri RequestBase(HttpRequest request) => new($"{request.Scheme}://{request.Host}/");

    internal static string Html(string? text) => WebUtility.HtmlEncode(text ?? "");
}
