using System.Security.Cryptography;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayEnterprise;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Features.DirectDebit;

/// <summary>First debit with the IBAN (eci 7): creates the mandate at the gateway.</summary>
public sealed record FirstDebitCommand(
    string Iban,
    string FirstName,
    string LastName,
    long AmountMinor,
    string Currency,
    string Description,
    long? MiraklShopId = null,
    string? Reference = null,
    string? OrderIdPrefix = null);

/// <summary>Hosted mandate page: HiPay collects the IBAN; the agreement id arrives with the 142 notification.</summary>
public sealed record HostedMandateCommand(
    long AmountMinor,
    string Currency,
    string Description,
    long? MiraklShopId = null,
    Uri? AcceptUrl = null,
    Uri? DeclineUrl = null,
    Uri? CancelUrl = null,
    string? OrderIdPrefix = null);

/// <summary>Mandate without a payment (<c>/rest/v2/debit-agreement</c>).</summary>
public sealed record AgreementOnlyCommand(
    string Iban,
    string Bic,
    string BankName,
    string Gender,
    string FirstName,
    string LastName,
    long? MiraklShopId = null,
    string? Reference = null);

/// <summary>A refused command: bad input or a mandate that cannot be charged. Nothing was sent.</summary>
public sealed class DirectDebitValidationException(string message) : ArgumentException(message);

/// <summary>
/// Mandates and debits against the HiPay Enterprise gateway. Every debit row (with its order id) is committed
/// before the call; an ambiguous ending is settled by looking the order id up, never by sending again blind.
/// </summary>
public sealed class DirectDebitService(
    ConnectorDbContext db,
    HiPayEnterpriseClient client,
    InboxDispatcher inbox,
    DirectDebitOptions options,
    TimeProvider clock,
    ILogger<DirectDebitService> logger)
{
    /// <summary>
    /// Runs after a gateway call answered and before its outcome is committed. Lets tests reproduce a crash in
    /// that window; null in production.
    /// </summary>
    internal Func<DirectDebitPayment, Task>? AfterGatewayCall { get; set; }

    public async Task<DirectDebitPayment> CreateMandateWithFirstDebitAsync(FirstDebitCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        Require(SepaRules.CheckIban(command.Iban));
        RequireText(command.FirstName, "firstname");
        RequireText(command.LastName, "lastname");
        CheckAmount(command.AmountMinor, command.Currency);
        var reference = command.Reference ?? MintReference();
        Require(SepaRules.CheckMandateReference(reference));

        var mandate = new Mandate
        {
            IbanMasked = Redaction.MaskIban(command.Iban),
            IbanFingerprint = Mandate.Fingerprint(command.Iban),
            HolderName = $"{command.FirstName} {command.LastName}",
            Reference = reference,
            MiraklShopId = command.MiraklShopId,
            VendorId = await VendorIdAsync(command.MiraklShopId, ct),
        };
        var payment = NewPayment(DirectDebitKind.First, command.AmountMinor, command.Currency, command.Description, command.OrderIdPrefix);
        db.Mandates.Add(mandate);
        await db.SaveChangesAsync(ct);
        payment.MandateId = mandate.Id;
        db.DirectDebitPayments.Add(payment);
        await db.SaveChangesAsync(ct);

        var request = new SddFirstDebitRequest(payment.OrderId, payment.AmountMinor, payment.Currency, payment.Description,
            command.Iban, command.FirstName, command.LastName)
        { NotifyUrl = NotifyUri(), CustomData = new Dictionary<string, string> { ["mandate"] = reference } };
        await SendAsync(payment, mandate, () => client.CreateFirstDebitAsync(request, ct), ct);
        return payment;
    }

    public async Task<DirectDebitPayment> CreateHostedMandateAsync(HostedMandateCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        CheckAmount(command.AmountMinor, command.Currency);
        var mandate = new Mandate
        {
            Reference = MintReference(),
            MiraklShopId = command.MiraklShopId,
            VendorId = await VendorIdAsync(command.MiraklShopId, ct),
        };
        db.Mandates.Add(mandate);
        await db.SaveChangesAsync(ct);
        var payment = NewPayment(DirectDebitKind.Hosted, command.AmountMinor, command.Currency, command.Description, command.OrderIdPrefix);
        payment.MandateId = mandate.Id;
        db.DirectDebitPayments.Add(payment);
        await db.SaveChangesAsync(ct);

        var request = new HostedSddPaymentRequest(payment.OrderId, payment.AmountMinor, payment.Currency, payment.Description)
        {
            AcceptUrl = command.AcceptUrl,
            DeclineUrl = command.DeclineUrl,
            CancelUrl = command.CancelUrl,
            NotifyUrl = NotifyUri(),
        };
        payment.Attempt++;
        await db.SaveChangesAsync(ct);
        HostedPaymentResult result;
        try
        {
            result = await client.CreateHostedPaymentAsync(request, ct);
        }
        catch (HiPayEnterpriseApiException ex)
        {
            // Nothing is debited before the holder submits the page: a failed opening is simply a failed attempt.
            payment.MarkRejected(ex.GatewayCode, "hosted page not opened: " + ex.Message);
            mandate.Status = MandateStatus.Error;
            await db.SaveChangesAsync(ct);
            throw;
        }

        payment.MarkForwarding(result.ForwardUrl);
        await db.SaveChangesAsync(ct);
        return payment;
    }

    public async Task<Mandate> CreateMandateWithoutPaymentAsync(AgreementOnlyCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        Require(SepaRules.CheckIban(command.Iban));
        RequireText(command.FirstName, "firstname");
        RequireText(command.LastName, "lastname");
        var reference = command.Reference ?? MintReference();
        Require(SepaRules.CheckMandateReference(reference));
        var result = await client.CreateDebitAgreementAsync(
            new DebitAgreementRequest(command.Iban, command.Bic, command.BankName, command.Gender, command.FirstName, command.LastName)
            { AgreementReference = reference }, ct);
        var mandate = new Mandate
        {
            DebitAgreementId = result.Id,
            Status = Mandate.ParseGatewayStatus(result.Status) ?? MandateStatus.Pending,
            IbanMasked = Redaction.MaskIban(command.Iban),
            IbanFingerprint = Mandate.Fingerprint(command.Iban),
            HolderName = $"{command.FirstName} {command.LastName}",
            Reference = reference,
            MiraklShopId = command.MiraklShopId,
            VendorId = await VendorIdAsync(command.MiraklShopId, ct),
        };
        db.Mandates.Add(mandate);
        await db.SaveChangesAsync(ct);
        return mandate;
    }

    /// <summary>A recurring debit (eci 9). Refused, with nothing sent, when the mandate cannot carry it.</summary>
    public async Task<DirectDebitPayment> ChargeAsync(long mandateId, long amountMinor, string currency, string description, string? orderIdPrefix, CancellationToken ct)
    {
        CheckAmount(amountMinor, currency);
        var mandate = await db.Mandates.SingleOrDefaultAsync(m => m.Id == mandateId, ct)
            ?? throw new DirectDebitValidationException($"mandate {mandateId} does not exist.");
        if (mandate.WhyNotChargeable(clock.GetUtcNow()) is { } why)
        {
            throw new MandateNotChargeableException(why);
        }

        var payment = NewPayment(DirectDebitKind.Recurring, amountMinor, currency, description, orderIdPrefix);
        payment.MandateId = mandate.Id;
        db.DirectDebitPayments.Add(payment);
        await db.SaveChangesAsync(ct);
        await SendRecurringAsync(payment, mandate, ct);
        return payment;
    }

    /// <summary>Sends (or, after an earlier attempt, first looks up) a recurring debit whose row is committed.</summary>
    internal async Task SendRecurringAsync(DirectDebitPayment payment, Mandate mandate, CancellationToken ct)
    {
        if (payment.Attempt > 0)
        {
            // An earlier call may have reached the gateway: its order id tells.
            if (await ReconcileAsync(payment, mandate, ct))
            {
                return;
            }
        }

        if (mandate.WhyNotChargeable(clock.GetUtcNow()) is { } why)
        {
            throw new MandateNotChargeableException(why);
        }

        var request = new SddRecurringDebitRequest(payment.OrderId, payment.AmountMinor, payment.Currency, payment.Description, mandate.DebitAgreementId!)
        { NotifyUrl = NotifyUri() };
        await SendAsync(payment, mandate, () => client.CreateRecurringDebitAsync(request, ct), ct);
    }

    /// <summary>
    /// Looks a payment up by its order id. True when the gateway holds it (its state applied); false when it
    /// does not, so the original request never took effect.
    /// </summary>
    public async Task<bool> ReconcileAsync(DirectDebitPayment payment, Mandate mandate, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(payment);
        ArgumentNullException.ThrowIfNull(mandate);
        var found = await client.ResolveUnknownAsync(payment.OrderId, ct);
        if (found is null)
        {
            return false;
        }

        await ApplyResultAsync(payment, mandate, found, ct);
        return true;
    }

    /// <summary>Settles every payment left Unknown (or interrupted after a call) by order id lookup.</summary>
    public async Task<int> ReconcileUnknownAsync(CancellationToken ct)
    {
        var open = await db.DirectDebitPayments
            .Where(p => p.Attempt > 0 && (p.Status == DirectDebitPaymentStatus.Unknown || p.Status == DirectDebitPaymentStatus.Created))
            .ToListAsync(ct);
        var settled = 0;
        foreach (var payment in open)
        {
            var mandate = await db.Mandates.SingleAsync(m => m.Id == payment.MandateId, ct);
            if (await ReconcileAsync(payment, mandate, ct))
            {
                settled++;
            }
        }

        return settled;
    }

    private async Task SendAsync(DirectDebitPayment payment, Mandate mandate, Func<Task<OrderResult>> call, CancellationToken ct)
    {
        // Counted before the call: after a crash, a positive attempt means "look up first".
        payment.Attempt++;
        await db.SaveChangesAsync(ct);
        var result = await call();
        if (AfterGatewayCall is { } hook)
        {
            await hook(payment);
        }

        if (result.Outcome == OrderOutcome.Unknown)
        {
            DirectDebitLog.Unknown(logger, payment.OrderId, result.ErrorMessage ?? "no answer");
            OrderResult? found = null;
            try
            {
                found = await client.ResolveUnknownAsync(payment.OrderId, ct);
            }
            catch (HiPayEnterpriseApiException ex)
            {
                payment.MarkUnknown("lookup failed: " + ex.Message);
                await db.SaveChangesAsync(ct);
                return;
            }

            if (found is null)
            {
                payment.MarkUnknown(result.ErrorMessage ?? "no answer; the gateway holds no transaction for this order id");
                await db.SaveChangesAsync(ct);
                return;
            }

            result = found;
        }

        await ApplyResultAsync(payment, mandate, result, ct);
    }

    private async Task ApplyResultAsync(DirectDebitPayment payment, Mandate mandate, OrderResult result, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            Apply(payment, mandate, result);
            try
            {
                await db.SaveChangesAsync(ct);
                break;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // A notification for this debit was applied meanwhile (it can beat the API answer): take its
                // version and apply the answer again; status ranks keep whichever is further along.
                await db.Entry(payment).ReloadAsync(ct);
                await db.Entry(mandate).ReloadAsync(ct);
            }
        }

        // Notifications that beat the API answer wait in the inbox for this transaction: apply them now.
        if (payment.TransactionReference is { } reference)
        {
            await inbox.DispatchReferenceAsync(NotificationSource.HiPayEnterprise, reference, ct);
        }
    }

    private void Apply(DirectDebitPayment payment, Mandate mandate, OrderResult result)
    {
        var now = clock.GetUtcNow();
        if (result.Outcome == OrderOutcome.Rejected || result.Transaction is null)
        {
            DirectDebitLog.Rejected(logger, payment.OrderId, result.ErrorCode, result.ErrorMessage);
            payment.MarkRejected(result.ErrorCode, result.ErrorMessage);
            if (payment.Kind == DirectDebitKind.First)
            {
                mandate.Status = MandateStatus.Error;
            }
        }
        else
        {
            var transaction = result.Transaction;
            if (payment.ApplyGatewayStatus(transaction.Status, transaction.TransactionReference, now))
            {
                DirectDebitLog.Applied(logger, payment.OrderId, transaction.Status, payment.Status);
            }

            if (transaction.Reason is { } reason)
            {
                payment.ReasonCode = reason.Code;
                payment.ReasonMessage = reason.Message;
            }

            if (transaction.DebitAgreement is { } agreement)
            {
                mandate.DebitAgreementId ??= agreement.Id;
                mandate.ApplyGatewayStatus(agreement.Status);
            }

            if (payment.Status == DirectDebitPaymentStatus.Collected)
            {
                mandate.LastCollectionAt = payment.CollectedAt;
            }
        }
    }

    private static DirectDebitPayment NewPayment(DirectDebitKind kind, long amountMinor, string currency, string description, string? prefix)
    {
        var orderId = MintOrderId(prefix);
        Require(SepaRules.CheckOrderId(orderId));
        return new DirectDebitPayment
        {
            OrderId = orderId,
            Kind = kind,
            AmountMinor = amountMinor,
            Currency = currency,
            Description = string.IsNullOrWhiteSpace(description) ? "Direct debit" : description,
        };
    }

    /// <summary>SDD- plus 20 random hex characters (or the caller's prefix, e.g. a simulator scenario, instead of SDD-).</summary>
    internal static string MintOrderId(string? prefix) =>
        (prefix ?? "SDD-") + Convert.ToHexString(RandomNumberGenerator.GetBytes(10));

    private string MintReference() =>
        FormattableString.Invariant($"HM-{clock.GetUtcNow():yyyyMMdd}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(6))}");

    private Uri? NotifyUri() => string.IsNullOrWhiteSpace(options.NotifyUrl) ? null : new Uri(options.NotifyUrl);

    private async Task<long?> VendorIdAsync(long? shopId, CancellationToken ct) =>
        shopId is null ? null : await db.Vendors.Where(v => v.MiraklShopId == shopId).Select(v => (long?)v.Id).FirstOrDefaultAsync(ct);

    private static void CheckAmount(long amountMinor, string currency)
    {
        if (amountMinor <= 0)
        {
            throw new DirectDebitValidationException("amount must be positive.");
        }

        if (!string.Equals(currency, "EUR", StringComparison.Ordinal))
        {
            throw new DirectDebitValidationException("SEPA direct debits are in EUR.");
        }
    }

    private static void RequireText(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new DirectDebitValidationException($"{name} is required.");
        }
    }

    private static void Require(string? error)
    {
        if (error is not null)
        {
            throw new DirectDebitValidationException(error);
        }
    }
}
