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
    string? Gender,
    string FirstName,
    string LastName,
    long? MiraklShopId = null,
    string? Reference = null);

/// <summary>A refused command: bad input or a mandate that cannot be charged. Nothing was sent or stored.</summary>
public sealed class DirectDebitValidationException : ArgumentException
{
    public DirectDebitValidationException(string message)
        : base(message)
    {
    }

    /// <summary>Bad input in one named field of the request.</summary>
    public DirectDebitValidationException(string field, string message)
        : base(field + ": " + message)
    {
        Field = field;
    }

    /// <summary>The request field at fault, when there is one.</summary>
    public string? Field { get; }
}

/// <summary>
/// Mandates and debits against the HiPay Enterprise gateway. Every debit row (with its order id) is committed
/// before the call; an ambiguous ending is settled by looking the order id up, never by sending again blind.
/// </summary>
public sealed class DirectDebitService(
    ConnectorDbContext db,
    HiPayEnterpriseClient client,
    InboxDispatcher inbox,
    DirectDebitOptions options,
    EnterpriseGatewayOptions gateway,
    TimeProvider clock,
    ILogger<DirectDebitService> logger)
{
    /// <summary>
    /// Runs after a gateway call answered and before its outcome is committed. Lets tests reproduce a crash in
    /// that window; null in production.
    /// </summary>
    internal Func<DirectDebitPayment, Task>? AfterGatewayCall { get; set; }

    /// <summary>
    /// How long after a call an order id the gateway does not know may be given up for a fresh one. Longer than
    /// the request timeout (twice it), so a request still travelling when we look cannot land after the re-send.
    /// </summary>
    internal TimeSpan ResendGrace => TimeSpan.FromSeconds(Math.Max(1, gateway.TimeoutSeconds) * 2);

    public async Task<DirectDebitPayment> CreateMandateWithFirstDebitAsync(FirstDebitCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        Require("iban", SepaRules.CheckIban(command.Iban));
        var (firstName, lastName) = SddInput.HolderNames(command.FirstName, command.LastName);
        CheckAmount(command.AmountMinor, command.Currency);
        var description = SddInput.Description(command.Description, "First direct debit");
        var reference = command.Reference ?? MintReference();
        Require("reference", SepaRules.CheckMandateReference(reference));
        var vendorId = await VendorIdAsync(command.MiraklShopId, ct);
        var payment = NewPayment(DirectDebitKind.First, command.AmountMinor, command.Currency, description, command.OrderIdPrefix);

        var mandate = new Mandate
        {
            IbanMasked = Redaction.MaskIban(command.Iban),
            IbanFingerprint = Mandate.Fingerprint(command.Iban),
            HolderName = $"{firstName} {lastName}",
            Reference = reference,
            MiraklShopId = command.MiraklShopId,
            VendorId = vendorId,
        };
        await InsertAsync(mandate, payment, ct);

        var request = new SddFirstDebitRequest(payment.OrderId, payment.AmountMinor, payment.Currency, payment.Description,
            command.Iban, firstName, lastName)
        { NotifyUrl = NotifyUri(), CustomData = new Dictionary<string, string> { ["mandate"] = reference } };
        await SendAsync(payment, mandate, () => client.CreateFirstDebitAsync(request, ct), ct);
        return payment;
    }

    public async Task<DirectDebitPayment> CreateHostedMandateAsync(HostedMandateCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        CheckAmount(command.AmountMinor, command.Currency);
        var description = SddInput.Description(command.Description, "First direct debit");
        var vendorId = await VendorIdAsync(command.MiraklShopId, ct);
        var payment = NewPayment(DirectDebitKind.Hosted, command.AmountMinor, command.Currency, description, command.OrderIdPrefix);
        var mandate = new Mandate
        {
            Reference = MintReference(),
            MiraklShopId = command.MiraklShopId,
            VendorId = vendorId,
        };
        await InsertAsync(mandate, payment, ct);

        var request = new HostedSddPaymentRequest(payment.OrderId, payment.AmountMinor, payment.Currency, payment.Description)
        {
            AcceptUrl = command.AcceptUrl,
            DeclineUrl = command.DeclineUrl,
            CancelUrl = command.CancelUrl,
            NotifyUrl = NotifyUri(),
        };
        payment.MarkSending(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        HostedPaymentResult result;
        try
        {
            result = await client.CreateHostedPaymentAsync(request, ct);
        }
        catch (HiPayEnterpriseApiException ex)
        {
            // Nothing is debited before the holder submits the page: a failed opening is simply a failed attempt.
            payment.MarkRejected(ex.GatewayCode, "hosted page not opened: " + ex.Message, clock.GetUtcNow());
            mandate.MoveTo(MandateStatus.Error);
            await db.SaveChangesAsync(ct);
            throw;
        }

        payment.MarkForwarding(result.ForwardUrl, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return payment;
    }

    public async Task<Mandate> CreateMandateWithoutPaymentAsync(AgreementOnlyCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        Require("iban", SepaRules.CheckIban(command.Iban));
        if (!SepaRules.IsValidBic(command.Bic))
        {
            throw new DirectDebitValidationException("bic", "expected 8 or 11 characters (ISO 9362), e.g. COBADEFFXXX.");
        }

        var bankName = SddInput.Name(command.BankName, "bankName");
        var gender = SddInput.Gender(command.Gender);
        var (firstName, lastName) = SddInput.HolderNames(command.FirstName, command.LastName);
        var reference = command.Reference ?? MintReference();
        Require("reference", SepaRules.CheckMandateReference(reference));
        var vendorId = await VendorIdAsync(command.MiraklShopId, ct);
        var result = await client.CreateDebitAgreementAsync(
            new DebitAgreementRequest(command.Iban, command.Bic, bankName, gender, firstName, lastName)
            { AgreementReference = reference }, ct);
        var mandate = new Mandate
        {
            DebitAgreementId = result.Id,
            IbanMasked = Redaction.MaskIban(command.Iban),
            IbanFingerprint = Mandate.Fingerprint(command.Iban),
            HolderName = $"{firstName} {lastName}",
            Reference = reference,
            MiraklShopId = command.MiraklShopId,
            VendorId = vendorId,
        };
        mandate.ApplyGatewayStatus(result.Status);
        db.Mandates.Add(mandate);
        await db.SaveChangesAsync(ct);
        return mandate;
    }

    /// <summary>A recurring debit (eci 9). Refused, with nothing sent, when the mandate cannot carry it.</summary>
    public async Task<DirectDebitPayment> ChargeAsync(long mandateId, long amountMinor, string currency, string description, string? orderIdPrefix, CancellationToken ct)
    {
        CheckAmount(amountMinor, currency);
        description = SddInput.Description(description, "Direct debit");
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

    /// <summary>
    /// Sends a recurring debit whose row is committed. After an earlier call it looks the order id up first; when
    /// the gateway holds nothing for it and the grace period has passed, it goes out again under a fresh order id.
    /// </summary>
    internal async Task SendRecurringAsync(DirectDebitPayment payment, Mandate mandate, CancellationToken ct)
    {
        if (payment.Held)
        {
            return;
        }

        if (payment.Attempt > 0)
        {
            // An earlier call may have reached the gateway: its order id tells. A failed lookup throws: a transport
            // error says nothing about the order, so nothing is re-sent on it.
            if (await ReconcileAsync(payment, mandate, ct))
            {
                return;
            }

            var now = clock.GetUtcNow();
            if (payment.SentAt is { } sentAt && now - sentAt < ResendGrace)
            {
                // The first request may still be on its way to the gateway: wait before giving the order id up.
                if (payment.Status != DirectDebitPaymentStatus.Unknown)
                {
                    payment.MarkUnknown("the gateway holds no transaction for this order id yet", now);
                    await db.SaveChangesAsync(ct);
                }

                return;
            }

            payment.RenewOrderId(MintOrderId(null), now, "the gateway holds no transaction for the previous order id", null);
            await db.SaveChangesAsync(ct);
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

    /// <summary>
    /// Finishes every debit a crash or an ambiguous answer left behind: a debit never sent (Created, no call) goes
    /// out once it is older than the grace period (younger ones may still be in their own request); one that was
    /// sent (Created after a call, or Unknown) is looked up, and a recurring one the gateway provably never got
    /// goes out again under a fresh order id. Held debits are left alone. Returns how many were settled or sent.
    /// </summary>
    public async Task<int> ReconcileUnknownAsync(CancellationToken ct)
    {
        var quietSince = clock.GetUtcNow() - ResendGrace;
        var open = await db.DirectDebitPayments
            .Where(p => !p.Held && (p.Status == DirectDebitPaymentStatus.Unknown || p.Status == DirectDebitPaymentStatus.Created))
            .OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.Attempt, p.UpdatedAt })
            .ToListAsync(ct);
        var settled = 0;
        foreach (var item in open.Where(p => p.Attempt > 0 || p.UpdatedAt <= quietSince))
        {
            try
            {
                if (await ResumeAsync(item.Id, ct))
                {
                    settled++;
                }
            }
            catch (Exception ex) when (ex is HiPayEnterpriseApiException or DbUpdateException)
            {
                // One debit that cannot be settled now must not stop the others: the next run tries again.
                db.ChangeTracker.Clear();
                DirectDebitLog.ResumeFailed(logger, ex, item.Id);
            }
        }

        return settled;
    }

    private async Task<bool> ResumeAsync(long paymentId, CancellationToken ct)
    {
        var payment = await db.DirectDebitPayments.SingleAsync(p => p.Id == paymentId, ct);
        var mandate = await db.Mandates.SingleAsync(m => m.Id == payment.MandateId, ct);
        if (payment.Kind != DirectDebitKind.Recurring)
        {
            // A first debit carries the IBAN, which is never stored: it can only be looked up, not sent again.
            return payment.Attempt > 0 && await ReconcileAsync(payment, mandate, ct);
        }

        if (payment.Attempt == 0 && mandate.WhyNotChargeable(clock.GetUtcNow()) is { } why)
        {
            payment.MarkNotSent(why, clock.GetUtcNow());
            await DebtLegs.FollowAsync(db, payment, clock.GetUtcNow(), ct);
            await db.SaveChangesAsync(ct);
            return true;
        }

        await SendRecurringAsync(payment, mandate, ct);
        return payment.Status is not (DirectDebitPaymentStatus.Created or DirectDebitPaymentStatus.Unknown);
    }

    private async Task InsertAsync(Mandate mandate, DirectDebitPayment payment, CancellationToken ct)
    {
        // One commit for both rows: a failure leaves neither a mandate without its debit nor the reverse.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Mandates.Add(mandate);
        await db.SaveChangesAsync(ct);
        payment.MandateId = mandate.Id;
        db.DirectDebitPayments.Add(payment);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private async Task SendAsync(DirectDebitPayment payment, Mandate mandate, Func<Task<OrderResult>> call, CancellationToken ct)
    {
        // Counted before the call: after a crash, a positive attempt means "look up first".
        payment.MarkSending(clock.GetUtcNow());
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
                payment.MarkUnknown("lookup failed: " + ex.Message, clock.GetUtcNow());
                await db.SaveChangesAsync(ct);
                return;
            }

            if (found is null)
            {
                payment.MarkUnknown(result.ErrorMessage ?? "no answer; the gateway holds no transaction for this order id", clock.GetUtcNow());
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
            await DebtLegs.FollowAsync(db, payment, clock.GetUtcNow(), ct);
            try
            {
                await db.SaveChangesAsync(ct);
                break;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // A notification for this debit was applied meanwhile (it can beat the API answer): take its
                // version and apply the answer again; status ranks keep whichever is further along.
                await RewindAsync(payment, ct);
                await db.Entry(mandate).ReloadAsync(ct);
            }
        }

        // Notifications that beat the API answer wait in the inbox for this transaction: apply them now.
        if (payment.TransactionReference is { } reference)
        {
            await inbox.DispatchReferenceAsync(NotificationSource.HiPayEnterprise, reference, ct);
        }
    }

    /// <summary>Drops what the failed save would have added and reloads what it would have changed.</summary>
    private async Task RewindAsync(DirectDebitPayment payment, CancellationToken ct)
    {
        foreach (var entry in db.ChangeTracker.Entries().ToList())
        {
            if (entry.State == EntityState.Added)
            {
                entry.State = EntityState.Detached;
            }
            else if (entry.State == EntityState.Modified)
            {
                await entry.ReloadAsync(ct);
            }
        }

        foreach (var unsaved in payment.Log.Where(l => l.Id == 0).ToList())
        {
            payment.Log.Remove(unsaved);
        }

        await db.Entry(payment).ReloadAsync(ct);
    }

    private void Apply(DirectDebitPayment payment, Mandate mandate, OrderResult result)
    {
        var now = clock.GetUtcNow();
        if (result.Outcome == OrderOutcome.Rejected || result.Transaction is null)
        {
            DirectDebitLog.Rejected(logger, payment.OrderId, result.ErrorCode, result.ErrorMessage);
            payment.MarkRejected(result.ErrorCode, result.ErrorMessage, now);
            if (payment.Kind == DirectDebitKind.First)
            {
                mandate.MoveTo(MandateStatus.Error);
            }

            return;
        }

        var transaction = result.Transaction;
        switch (payment.ApplyGatewayStatus(transaction.Status, transaction.TransactionReference, now))
        {
            case GatewayApplyOutcome.OtherTransaction:
                DirectDebitLog.OtherTransaction(logger, payment.OrderId, transaction.TransactionReference, transaction.Status);
                return;
            case GatewayApplyOutcome.NoProgress:
                return;
        }

        DirectDebitLog.Applied(logger, payment.OrderId, transaction.Status, payment.Status);
        if (transaction.Reason is { } reason)
        {
            payment.ReasonCode = reason.Code;
            payment.ReasonMessage = reason.Message;
        }

        if (transaction.DebitAgreement is { } agreement)
        {
            mandate.DebitAgreementId ??= agreement.Id;
            if (!mandate.ApplyGatewayStatus(agreement.Status) && Mandate.ParseGatewayStatus(agreement.Status) is { } refused && refused != mandate.Status)
            {
                DirectDebitLog.MandateMoveRefused(logger, mandate.Id, mandate.Status, refused);
            }
        }

        if (payment.Status == DirectDebitPaymentStatus.Collected)
        {
            mandate.LastCollectionAt = payment.CollectedAt;
        }
    }

    private static DirectDebitPayment NewPayment(DirectDebitKind kind, long amountMinor, string currency, string description, string? prefix)
    {
        var orderId = MintOrderId(prefix);
        Require("orderIdPrefix", SepaRules.CheckOrderId(orderId));
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
            throw new DirectDebitValidationException("amount", "must be positive.");
        }

        if (!string.Equals(currency, "EUR", StringComparison.Ordinal))
        {
            throw new DirectDebitValidationException("currency", "SEPA direct debits are in EUR.");
        }
    }

    private static void Require(string field, string? error)
    {
        if (error is not null)
        {
            throw new DirectDebitValidationException(field, error);
        }
    }
}
