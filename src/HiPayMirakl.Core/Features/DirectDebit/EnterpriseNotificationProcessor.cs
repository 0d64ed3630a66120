using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayEnterprise;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Features.DirectDebit;

/// <summary>
/// Applies stored Enterprise notifications to payments and mandates, run by the inbox dispatcher one row at a time.
/// Idempotent: a status is applied only if it advances the payment (see <see cref="SddStatus.Rank"/>), and the rows of
/// one pass run lowest rank first. A notification whose payment is not known yet (it beat the API answer) waits and is
/// applied once the payment row exists.
/// </summary>
public sealed class EnterpriseNotificationProcessor(
    ConnectorDbContext db,
    TimeProvider clock,
    ILogger<EnterpriseNotificationProcessor> logger) : IInboxHandler
{
    public NotificationSource Source => NotificationSource.HiPayEnterprise;

    public bool Accepts(string? kind) => true;

    public int Order(string? kind) =>
        int.TryParse(kind, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var status) ? SddStatus.Rank(status) : 0;

    /// <remarks>
    /// The dispatcher resolves this handler and <paramref name="context"/> from one scope: they are the same
    /// context, so the row and the payment are written in one unit of work.
    /// </remarks>
    public async Task<InboxResult> HandleAsync(ConnectorDbContext context, InboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!ReferenceEquals(context, db))
        {
            throw new InvalidOperationException("The Enterprise handler must run on its scope's own context.");
        }

        EnterpriseNotification notification;
        try
        {
            notification = EnterpriseNotificationParser.Parse(message.RawBody);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            // Signed by the gateway, so kept; but no retry will make an unknown currency or decimals readable.
            return InboxResult.Unusable("content cannot be used: " + ex.Message);
        }

        return await ProcessAsync(message, notification, ct)
            ? new InboxResult(message.Outcome, message.OutcomeMessage)
            : InboxResult.Waiting($"payment {notification.TransactionReference} (order {notification.OrderId}) not known yet");
    }

    private async Task<bool> ProcessAsync(InboxMessage message, EnterpriseNotification? notification, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (notification is null)
        {
            Settle(message, InboxOutcome.Ignored, "unreadable body", now);
            await db.SaveChangesAsync(ct);
            return true;
        }

        var reference = notification.TransactionReference;
        var orderId = notification.OrderId;
        var payment = await db.DirectDebitPayments.FirstOrDefaultAsync(
            p => p.TransactionReference == reference || (orderId != null && p.OrderId == orderId), ct);
        if (payment is null && orderId is not null
            && await db.DirectDebitRetiredOrders.FirstOrDefaultAsync(o => o.OrderId == orderId, ct) is { } retired)
        {
            // An order id given up for a fresh one because the gateway held nothing for it. A status on it now means
            // the old request landed after all: never applied (the payment follows its new order), always recorded.
            var owner = await db.DirectDebitPayments.SingleAsync(p => p.Id == retired.PaymentId, ct);
            owner.Record(now, FormattableString.Invariant($"status {notification.Status} of transaction {reference} on retired order {orderId} not applied"));
            DirectDebitLog.RetiredOrderStatus(logger, orderId, reference, notification.Status, owner.Id);
            Settle(message, InboxOutcome.Ignored, "status of a retired order id (recorded on the payment)", now);
            await db.SaveChangesAsync(ct);
            return true;
        }

        if (payment is null)
        {
            DirectDebitLog.Buffered(logger, message.Id, reference, notification.Status);
            await db.SaveChangesAsync(ct);
            return false;
        }

        var mandate = await db.Mandates.SingleAsync(m => m.Id == payment.MandateId, ct);
        var wasCollected = payment.Status == DirectDebitPaymentStatus.Collected;
        var outcome = payment.ApplyGatewayStatus(notification.Status, reference, now);
        if (outcome == GatewayApplyOutcome.OtherTransaction)
        {
            // The gateway opened a second transaction on this order (an order tried again): recorded on the payment
            // and left to an operator, without blocking the inbox or any later debit.
            DirectDebitLog.OtherTransaction(logger, payment.OrderId, reference, notification.Status);
            Settle(message, InboxOutcome.Ignored, FormattableString.Invariant($"another transaction of order {payment.OrderId} than the payment's {payment.TransactionReference}"), now);
            await db.SaveChangesAsync(ct);
            return true;
        }

        var applied = outcome == GatewayApplyOutcome.Applied;
        if (notification.DebitAgreementId is { } agreementId)
        {
            // Hosted page: the agreement id is first known here, in the 142 notification.
            mandate.DebitAgreementId ??= agreementId;

            // Only a notification that moved the payment speaks for the agreement: a duplicate or a late one
            // carries a status the mandate may have left since.
            if (applied && !mandate.ApplyGatewayStatus(notification.DebitAgreementStatus)
                && Mandate.ParseGatewayStatus(notification.DebitAgreementStatus) is { } refused && refused != mandate.Status)
            {
                DirectDebitLog.MandateMoveRefused(logger, mandate.Id, mandate.Status, refused);
            }
        }

        if (applied)
        {
            DirectDebitLog.Applied(logger, payment.OrderId, notification.Status, payment.Status);
            if (payment.Status == DirectDebitPaymentStatus.Collected)
            {
                mandate.LastCollectionAt = notification.Date ?? now;
            }
            else if (payment.Status == DirectDebitPaymentStatus.Returned && wasCollected)
            {
                DirectDebitLog.Returned(logger, payment.OrderId, notification.Status);
                payment.ReasonMessage = "returned after collection";
            }
            else if (payment.Status == DirectDebitPaymentStatus.Failed && notification.Transaction.Reason is { } reason)
            {
                payment.ReasonCode = reason.Code;
                payment.ReasonMessage = reason.Message;
            }

            await DebtLegs.FollowAsync(db, payment, now, ct);
        }

        Settle(message, applied ? InboxOutcome.Applied : InboxOutcome.Ignored, applied ? null : "no progress (duplicate or older status)", now);
        await db.SaveChangesAsync(ct);
        return true;
    }

    private static void Settle(InboxMessage message, InboxOutcome outcome, string? why, DateTimeOffset now)
    {
        message.Outcome = outcome;
        message.OutcomeMessage = why;
        message.ProcessedAt = now;
    }
}
