using System.Globalization;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Batches;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.Logs;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Features.Vendors;
using HiPayMirakl.Core.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.Web.Endpoints;

public sealed record VendorView(long Id, long MiraklShopId, long? HiPayAccountId, string Email, string? Login, string? ShopName, bool Identified,
    string? Country, string Currency, bool Enabled, bool PaymentBlocked, string BankInfoStatus, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record VendorDocumentView(long Id, long MiraklDocumentId, string DocumentType, int HiPayDocumentType, string FileName, DateTimeOffset UploadedAt);

public sealed record LegView(long Id, string Kind, string? InvoiceId, long? MiraklShopId, long? VendorId, long? BeneficiaryAccountId, long AmountMinor,
    long OriginAmountMinor, string Currency, string Status, DateTimeOffset CycleDate, string MerchantUniqueId, string? TransferId, string? WithdrawId,
    int AttemptCount, DateTimeOffset? NextAttemptAt, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? SettledAt);

public sealed record LegLogView(long Id, string? FromStatus, string ToStatus, string? Message, string? Actor, long? BatchId, DateTimeOffset CreatedAt);

public sealed record LegGenerationView(string Side, int Generation, string MerchantUniqueId, bool Current);

public sealed record LegDetailsView(LegView Leg, IReadOnlyList<LegGenerationView> Generations, IReadOnlyList<LegLogView> Log);

public sealed record LegActionRequest(string? Reason);

/// <summary>An override: <c>mark-paid-outside</c>, <c>skip</c> or <c>reissue</c>, with its reason.</summary>
public sealed record LegOverrideRequest(string? Action, string? Reason);

public sealed record LegActionView(LegView Leg, string Result);

public sealed record BatchView(long Id, string Name, string? Arguments, string? Host, string Status, DateTimeOffset StartedAt, DateTimeOffset? EndedAt,
    int ItemsProcessed, int ItemsFailed, string? Error);

public sealed record InboxView(long Id, string Source, string? Kind, string? Reference, string Outcome, string? OutcomeMessage, int Attempts,
    DateTimeOffset ReceivedAt, DateTimeOffset? ProcessedAt, DateTimeOffset? NextAttemptAt);

/// <summary>
/// The operator's read of the connector (<c>/api/vendors</c>, <c>/api/legs</c>, <c>/api/batches</c>,
/// <c>/api/inbox</c>: viewer) and its hands on it: hold, release or override a leg, replay a dead letter (operator).
/// </summary>
public static class OperationsEndpoints
{
    public const int MaxReasonLength = 500;

    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        MapVendors(AdminApi.Group(app, "/api/vendors", "Vendors"));
        MapLegs(AdminApi.Group(app, "/api/legs", "Legs"));
        MapBatches(AdminApi.Group(app, "/api/batches", "Batches"));
        MapInbox(AdminApi.Group(app, "/api/inbox", "Inbox"));
    }

    private static void MapVendors(RouteGroupBuilder vendors)
    {
        vendors.MapGet("", async (ConnectorDbContext db, int? page, int? pageSize, string? country, bool? enabled, bool? paymentBlocked, long? shop, CancellationToken ct) =>
        {
            var query = VendorSearch.Apply(db.Vendors.AsNoTracking(),
                new VendorFilter(MiraklShopId: shop, Country: country, PaymentBlocked: paymentBlocked, Enabled: enabled));
            return Results.Ok(await Paging.PageAsync(query.OrderBy(v => v.Id), page, pageSize, View, ct));
        }).RequireAuthorization(ConnectorPolicies.Viewer);

        vendors.MapGet("/{id:long}", async (long id, ConnectorDbContext db, CancellationToken ct) =>
            await db.Vendors.AsNoTracking().Include(v => v.Documents).SingleOrDefaultAsync(v => v.Id == id, ct) is { } vendor
                ? Results.Ok(new { vendor = View(vendor), documents = vendor.Documents.OrderBy(d => d.Id).Select(View) })
                : AdminApi.NotFound("vendor"))
            .RequireAuthorization(ConnectorPolicies.Viewer);
    }

    private static void MapLegs(RouteGroupBuilder legs)
    {
        legs.MapGet("", async (ConnectorDbContext db, CycleOptions cycle, int? page, int? pageSize, string? status, string? cycleDate, long? shop, string? currency, CancellationToken ct) =>
        {
            DateTimeOffset? from = null, to = null;
            if (!string.IsNullOrWhiteSpace(cycleDate))
            {
                (from, to) = CycleDay(cycleDate, cycle);
            }

            string? code = null;
            if (!string.IsNullOrWhiteSpace(currency))
            {
                code = currency.Trim().ToUpperInvariant();
                if (code.Length != 3 || !code.All(char.IsAsciiLetterUpper))
                {
                    throw new ApiValidationException("currency", $"currency '{currency}' is not an ISO 4217 code like EUR.");
                }
            }

            var query = LegSearch.Apply(db.Legs.AsNoTracking(), new LegFilter(Paging.ParseEnum<LegStatus>(status, "status"), from, to, shop, code));
            return Results.Ok(await Paging.PageAsync(query.OrderBy(l => l.Id), page, pageSize, View, ct));
        }).RequireAuthorization(ConnectorPolicies.Viewer);

        legs.MapGet("/{id:long}", async (long id, ConnectorDbContext db, LegAdministration admin, CancellationToken ct) =>
            await db.Legs.AnyAsync(l => l.Id == id, ct)
                ? Results.Ok(View(await admin.ShowAsync(id, ct)))
                : AdminApi.NotFound("leg"))
            .RequireAuthorization(ConnectorPolicies.Viewer);

        legs.MapPost("/{id:long}/hold", (long id, LegActionRequest r, HttpContext http, ConnectorDbContext db, LegAdministration admin, CancellationToken ct) =>
            ActAsync(id, r, db, reason => admin.HoldAsync(id, reason, AdminApi.Actor(http), ct), ct))
            .RequireAuthorization(ConnectorPolicies.Operator);

        legs.MapPost("/{id:long}/release", (long id, LegActionRequest r, HttpContext http, ConnectorDbContext db, LegAdministration admin, CancellationToken ct) =>
            ActAsync(id, r, db, reason => admin.ReleaseAsync(id, reason, AdminApi.Actor(http), ct), ct))
            .RequireAuthorization(ConnectorPolicies.Operator);

        legs.MapPost("/{id:long}/override", (long id, LegOverrideRequest r, HttpContext http, ConnectorDbContext db, LegOverrides overrides, CancellationToken ct) =>
            LegOverrides.Parse(r.Action) is { } action
                ? ActAsync(id, new LegActionRequest(r.Reason), db, reason => overrides.ApplyAsync(id, action, reason, AdminApi.Actor(http), ct), ct)
                : Task.FromResult(AdminApi.Invalid("action", "action must be one of mark-paid-outside, skip, reissue.")))
            .RequireAuthorization(ConnectorPolicies.Operator);
    }

    /// <summary>
    /// A hold or release: the reason is checked before anything is read or written; a refusal by the leg's state
    /// (in flight, not held…) is a 409 and is recorded in the leg's log, as from the command line.
    /// </summary>
    private static async Task<IResult> ActAsync(long id, LegActionRequest r, ConnectorDbContext db, Func<string, Task<string>> act, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(r.Reason) || r.Reason.Length > MaxReasonLength)
        {
            return AdminApi.Invalid("reason", string.Create(CultureInfo.InvariantCulture, $"a reason of 1 to {MaxReasonLength} characters is required."));
        }

        if (!await db.Legs.AnyAsync(l => l.Id == id, ct))
        {
            return AdminApi.NotFound("leg");
        }

        string result;
        try
        {
            result = await act(r.Reason);
        }
        catch (LegActionException ex)
        {
            return AdminApi.Conflict("Refused", ex.Message);
        }

        var leg = await db.Legs.AsNoTracking().SingleAsync(l => l.Id == id, ct);
        return Results.Ok(new LegActionView(View(leg), result));
    }

    private static void MapBatches(RouteGroupBuilder batches)
    {
        batches.MapGet("", async (ConnectorDbContext db, int? page, int? pageSize, string? name, string? status, CancellationToken ct) =>
        {
            var query = db.Batches.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(name))
            {
                query = query.Where(b => b.Name == name);
            }

            if (Paging.ParseEnum<BatchStatus>(status, "status") is { } s)
            {
                query = query.Where(b => b.Status == s);
            }

            return Results.Ok(await Paging.PageAsync(query.OrderByDescending(b => b.Id), page, pageSize, View, ct));
        }).RequireAuthorization(ConnectorPolicies.Viewer);

        batches.MapGet("/{id:long}", async (long id, ConnectorDbContext db, CancellationToken ct) =>
            await db.Batches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, ct) is { } batch ? Results.Ok(View(batch)) : AdminApi.NotFound("batch"))
            .RequireAuthorization(ConnectorPolicies.Viewer);
    }

    private static void MapInbox(RouteGroupBuilder inbox)
    {
        inbox.MapGet("", async (ConnectorDbContext db, int? page, int? pageSize, bool? dead, string? source, string? outcome, CancellationToken ct) =>
        {
            var query = db.Inbox.AsNoTracking();
            if (dead == true)
            {
                query = query.Where(m => m.Outcome == InboxOutcome.DeadLetter);
            }

            if (Paging.ParseEnum<InboxOutcome>(outcome, "outcome") is { } o)
            {
                query = query.Where(m => m.Outcome == o);
            }

            if (Paging.ParseEnum<NotificationSource>(source, "source") is { } s)
            {
                query = query.Where(m => m.Source == s);
            }

            return Results.Ok(await Paging.PageAsync(query.OrderByDescending(m => m.Id), page, pageSize, View, ct));
        }).RequireAuthorization(ConnectorPolicies.Viewer);

        inbox.MapGet("/dead", async (ConnectorDbContext db, int? page, int? pageSize, CancellationToken ct) =>
            Results.Ok(await Paging.PageAsync(db.Inbox.AsNoTracking().Where(m => m.Outcome == InboxOutcome.DeadLetter).OrderByDescending(m => m.Id), page, pageSize, View, ct)))
            .RequireAuthorization(ConnectorPolicies.Viewer);

        inbox.MapGet("/{id:long}", async (long id, ConnectorDbContext db, CancellationToken ct) =>
            await db.Inbox.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct) is { } m ? Results.Ok(View(m)) : AdminApi.NotFound("notification"))
            .RequireAuthorization(ConnectorPolicies.Viewer);

        inbox.MapPost("/{id:long}/replay", async (long id, ConnectorDbContext db, InboxSignal signal, CancellationToken ct) =>
        {
            if (await InboxStore.ReplayAsync(db, id, ct))
            {
                signal.Wake();
                return Results.Ok(View(await db.Inbox.AsNoTracking().SingleAsync(m => m.Id == id, ct)));
            }

            // Replaying an applied notification would apply it twice: only dead letters go back in the queue.
            return await db.Inbox.AnyAsync(m => m.Id == id, ct)
                ? AdminApi.Conflict("Not a dead letter", string.Create(CultureInfo.InvariantCulture, $"inbox row {id} is not a dead letter; nothing replayed."))
                : AdminApi.NotFound("notification");
        }).RequireAuthorization(ConnectorPolicies.Operator);
    }

    /// <summary>The UTC bounds of a cycle day given as yyyy-MM-dd in the cycle's time zone.</summary>
    private static (DateTimeOffset From, DateTimeOffset To) CycleDay(string text, CycleOptions cycle)
    {
        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            throw new ApiValidationException("cycleDate", $"cycleDate '{text}' is not a date like 2026-01-31.");
        }

        return LegSearch.CycleDay(day, cycle.TimeZone);
    }

    internal static VendorView View(Vendor v) => new(v.Id, v.MiraklShopId, v.HiPayAccountId, v.Email, v.Login, v.ShopName, v.Identified, v.Country,
        v.Currency, v.Enabled, v.PaymentBlocked, v.BankInfoStatus.ToString(), v.CreatedAt, v.UpdatedAt);

    internal static VendorDocumentView View(VendorDocument d) => new(d.Id, d.MiraklDocumentId, d.DocumentType, d.HiPayDocumentType, d.FileName, d.UploadedAt);

    internal static LegView View(Leg l) => new(l.Id, l.Kind.ToString(), l.InvoiceId, l.MiraklShopId, l.VendorId, l.BeneficiaryAccountId, l.AmountMinor,
        l.OriginAmountMinor, l.Currency, l.Status.ToString(), l.CycleDate, l.MerchantUniqueId, l.TransferId, l.WithdrawId, l.AttemptCount, l.NextAttemptAt,
        l.LastError, l.CreatedAt, l.UpdatedAt, l.SettledAt);

    internal static LegLogView View(LegLogEntry e) => new(e.Id, e.FromStatus?.ToString(), e.ToStatus.ToString(), e.Message, e.Actor, e.BatchId, e.CreatedAt);

    internal static LegDetailsView View(LegDetails d) => new(View(d.Leg),
        [.. d.Generations.Select(g => new LegGenerationView(g.Side.ToString(), g.Generation, g.MerchantUniqueId, g.Current))],
        [.. d.Log.Select(View)]);

    internal static BatchView View(Batch b) => new(b.Id, b.Name, b.Arguments, b.Host, b.Status.ToString(), b.StartedAt, b.EndedAt, b.ItemsProcessed, b.ItemsFailed, b.Error);

    internal static InboxView View(InboxMessage m) => new(m.Id, m.Source.ToString(), m.Kind, m.Reference, m.Outcome.ToString(), m.OutcomeMessage, m.Attempts,
        m.ReceivedAt, m.ProcessedAt, m.NextAttemptAt);
}
