using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.DirectDebit;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayEnterprise;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.Web.Endpoints;

public sealed record FirstDebitRequest(string Iban, string FirstName, string LastName, string Amount, string? Currency, string? Description, long? ShopId, string? Reference, string? OrderIdPrefix);

public sealed record HostedMandateRequest(string Amount, string? Currency, string? Description, long? ShopId, Uri? AcceptUrl, Uri? DeclineUrl, Uri? CancelUrl, string? OrderIdPrefix);

public sealed record AgreementRequest(string Iban, string Bic, string BankName, string? Gender, string FirstName, string LastName, long? ShopId, string? Reference);

public sealed record ChargeRequest(string Amount, string? Currency, string? Description, string? OrderIdPrefix);

public sealed record ScheduleRequest(long MandateId, string Amount, string? Currency, string Period, int Day, string? Description);

public sealed record MandateView(long Id, string? DebitAgreementId, string Status, string IbanMasked, string HolderName, string Reference, long? ShopId, DateTimeOffset CreatedAt, DateTimeOffset? LastCollectionAt);

public sealed record PaymentView(long Id, string OrderId, long MandateId, string Kind, string Amount, long AmountMinor, string Currency, string Status, int? GatewayStatus, string? TransactionReference, int Attempt, string? ReasonCode, string? ReasonMessage, string? ForwardUrl, long? ScheduleId, string? PeriodKey);

public sealed record ScheduleView(long Id, long MandateId, string Amount, string Currency, string Period, int Day, bool Active);

/// <summary>Admin API of the direct-debit slice under <c>/api/sdd</c>: JSON in and out, ProblemDetails on errors.</summary>
public static class DirectDebitEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        DirectDebitNotificationEndpoints.Map(app);
        var api = app.MapGroup("/api/sdd").AddEndpointFilter(async (context, next) =>
        {
            if (!context.HttpContext.RequestServices.GetRequiredService<EnterpriseGatewayOptions>().IsConfigured)
            {
                return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Direct debit is off",
                    detail: "HiPayEnterprise:BaseUrl is not configured.");
            }

            try
            {
                return await next(context);
            }
            catch (DirectDebitValidationException ex)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: ex.Message,
                    extensions: ex.Field is null ? null : new Dictionary<string, object?> { ["field"] = ex.Field });
            }
            catch (MandateNotChargeableException ex)
            {
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Mandate cannot be charged", detail: ex.Message);
            }
            catch (HiPayEnterpriseApiException ex)
            {
                // The exception's message carries the gateway code and message only, never credentials or IBANs.
                return Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Gateway error", detail: ex.Message);
            }
        });

        api.MapPost("/mandates", async (FirstDebitRequest r, HttpContext http, ConnectorDbContext db, CancellationToken ct) =>
        {
            var currency = r.Currency ?? "EUR";
            var payment = await Sdd(http).CreateMandateWithFirstDebitAsync(
                new FirstDebitCommand(r.Iban, r.FirstName, r.LastName, ParseAmount(r.Amount, currency), currency, r.Description ?? "First direct debit", r.ShopId, r.Reference, r.OrderIdPrefix), ct);
            return Results.Created($"/api/sdd/payments/{payment.Id}", await MandateAndPaymentAsync(db, payment, ct));
        }).RequireAuthorization(ConnectorPolicies.Operator);

        api.MapPost("/mandates/hosted", async (HostedMandateRequest r, HttpContext http, ConnectorDbContext db, CancellationToken ct) =>
        {
            var currency = r.Currency ?? "EUR";
            var payment = await Sdd(http).CreateHostedMandateAsync(
                new HostedMandateCommand(ParseAmount(r.Amount, currency), currency, r.Description ?? "First direct debit", r.ShopId, r.AcceptUrl, r.DeclineUrl, r.CancelUrl, r.OrderIdPrefix), ct);
            return Results.Created($"/api/sdd/payments/{payment.Id}", await MandateAndPaymentAsync(db, payment, ct));
        }).RequireAuthorization(ConnectorPolicies.Operator);

        api.MapPost("/mandates/agreement", async (AgreementRequest r, HttpContext http, CancellationToken ct) =>
        {
            var mandate = await Sdd(http).CreateMandateWithoutPaymentAsync(
                new AgreementOnlyCommand(r.Iban, r.Bic, r.BankName, r.Gender, r.FirstName, r.LastName, r.ShopId, r.Reference), ct);
            return Results.Created($"/api/sdd/mandates/{mandate.Id}", View(mandate));
        }).RequireAuthorization(ConnectorPolicies.Operator);

        api.MapGet("/mandates/{id:long}", async (long id, ConnectorDbContext db, CancellationToken ct) =>
            await db.Mandates.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct) is { } m
                ? Results.Ok(new
                {
                    mandate = View(m),
                    payments = (await db.DirectDebitPayments.AsNoTracking().Where(p => p.MandateId == id).OrderBy(p => p.Id).ToListAsync(ct)).Select(View),
                })
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such mandate"))
            .RequireAuthorization(ConnectorPolicies.Viewer);

        api.MapPost("/mandates/{id:long}/terminate", async (long id, ConnectorDbContext db, CancellationToken ct) =>
        {
            // The debtor revoked the mandate with us: no debit may be sent on it any more.
            var mandate = await db.Mandates.SingleOrDefaultAsync(m => m.Id == id, ct);
            if (mandate is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such mandate");
            }

            mandate.MoveTo(MandateStatus.Terminated);
            await db.SaveChangesAsync(ct);
            return Results.Ok(View(mandate));
        }).RequireAuthorization(ConnectorPolicies.Operator);

        api.MapPost("/mandates/{id:long}/charges", async (long id, ChargeRequest r, HttpContext http, CancellationToken ct) =>
        {
            var currency = r.Currency ?? "EUR";
            var payment = await Sdd(http).ChargeAsync(id, ParseAmount(r.Amount, currency), currency, r.Description ?? "Direct debit", r.OrderIdPrefix, ct);
            return Results.Created($"/api/sdd/payments/{payment.Id}", View(payment));
        }).RequireAuthorization(ConnectorPolicies.Operator);

        api.MapGet("/payments/{id:long}", async (long id, ConnectorDbContext db, CancellationToken ct) =>
            await db.DirectDebitPayments.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct) is { } p
                ? Results.Ok(View(p))
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such payment"))
            .RequireAuthorization(ConnectorPolicies.Viewer);

        api.MapPost("/payments/reconcile", async (HttpContext http, CancellationToken ct) =>
            Results.Ok(new { settled = await Sdd(http).ReconcileUnknownAsync(ct) }))
            .RequireAuthorization(ConnectorPolicies.Operator);

        api.MapPost("/schedules", async (ScheduleRequest r, HttpContext http, CancellationToken ct) =>
        {
            if (!Enum.TryParse<SchedulePeriod>(r.Period, ignoreCase: true, out var period))
            {
                throw new DirectDebitValidationException("period must be monthly or weekly.");
            }

            var currency = r.Currency ?? "EUR";
            var schedule = await Jobs(http).AddScheduleAsync(r.MandateId, ParseAmount(r.Amount, currency), currency, period, r.Day, r.Description ?? "", ct);
            return Results.Created($"/api/sdd/schedules/{schedule.Id}", View(schedule));
        }).RequireAuthorization(ConnectorPolicies.Operator);

        api.MapGet("/schedules", async (ConnectorDbContext db, CancellationToken ct) =>
            Results.Ok((await db.DirectDebitSchedules.AsNoTracking().OrderBy(s => s.Id).ToListAsync(ct)).Select(View)))
            .RequireAuthorization(ConnectorPolicies.Viewer);

        api.MapPost("/schedules/run", async (HttpContext http, CancellationToken ct) => Results.Ok(await Jobs(http).RunSchedulesAsync(ct)))
            .RequireAuthorization(ConnectorPolicies.Operator);

        api.MapPost("/debts/run", async (HttpContext http, CancellationToken ct) => Results.Ok(await Jobs(http).CollectDebtsAsync(ct)))
            .RequireAuthorization(ConnectorPolicies.Operator);
    }

    // Resolved inside the handlers, not bound as parameters: without HiPayEnterprise:BaseUrl these services are not
    // registered, and the group filter answers 503 before anything asks for them.
    private static DirectDebitService Sdd(HttpContext http) => http.RequestServices.GetRequiredService<DirectDebitService>();

    private static DirectDebitJobs Jobs(HttpContext http) => http.RequestServices.GetRequiredService<DirectDebitJobs>();

    internal static long ParseAmount(string? text, string currency) =>
        EnterpriseAmount.TryParse(text, currency, out var minor) && minor > 0
            ? minor
            : throw new DirectDebitValidationException($"amount '{text}' is not a positive {currency} amount like 12.50.");

    private static async Task<object> MandateAndPaymentAsync(ConnectorDbContext db, DirectDebitPayment payment, CancellationToken ct)
    {
        var mandate = await db.Mandates.AsNoTracking().SingleAsync(m => m.Id == payment.MandateId, ct);
        return new { mandate = View(mandate), payment = View(payment) };
    }

    internal static MandateView View(Mandate m) => new(m.Id, m.DebitAgreementId, m.Status.ToString(), m.IbanMasked, m.HolderName, m.Reference, m.MiraklShopId, m.CreatedAt, m.LastCollectionAt);

    internal static PaymentView View(DirectDebitPayment p) => new(p.Id, p.OrderId, p.MandateId, p.Kind.ToString(), EnterpriseAmount.Format(p.AmountMinor, p.Currency), p.AmountMinor, p.Currency,
        p.Status.ToString(), p.GatewayStatus, p.TransactionReference, p.Attempt, p.ReasonCode, p.ReasonMessage, p.ForwardUrl, p.ScheduleId, p.PeriodKey);

    internal static ScheduleView View(DirectDebitSchedule s) => new(s.Id, s.MandateId, EnterpriseAmount.Format(s.AmountMinor, s.Currency), s.Currency, s.Period.ToString(), s.Day, s.Active);
}
