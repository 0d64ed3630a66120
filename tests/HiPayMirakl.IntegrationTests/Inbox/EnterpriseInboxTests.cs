using System.Globalization;
using System.Text;
using HiPayMirakl.Core.Features.DirectDebit;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayEnterprise;
using HiPayMirakl.IntegrationTests.DirectDebit;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.IntegrationTests.Inbox;

/// <summary>The Enterprise webhook only verifies, stores and acknowledges; the dispatcher applies or dead-letters.</summary>
public sealed class EnterpriseInboxTests
{
    [Fact]
    public async Task EnterpriseWebhook_WithManyPendingRows_StoresOnlyAndLeavesTheOtherRowsUntouched()
    {
        await using var harness = await SddTestBed.StartAsync(DatabaseProvider.Sqlite);
        await using (var db = harness.CreateDbContext())
        {
            db.Inbox.AddRange(Enumerable.Range(0, 600).Select(i => new InboxMessage
            {
                Source = NotificationSource.HiPayEnterprise,
                DedupeKey = "backlog|" + i.ToString(CultureInfo.InvariantCulture),
                RawBody = Encoding.UTF8.GetBytes(FormattableString.Invariant($"state=completed&transaction_reference=9{i:D11}&status=142&order%5Bid%5D=UNKNOWN-{i}")),
                ContentType = "application/x-www-form-urlencoded",
                Kind = "142",
                Reference = FormattableString.Invariant($"9{i:D11}"),
                ReceivedAt = DateTimeOffset.UtcNow,
            }));
            await db.SaveChangesAsync();
        }

        var status = await PostSignedAsync(harness, "state=completed&transaction_reference=800000000555&status=142&order%5Bid%5D=ANOTHER-1");

        await using var check = harness.CreateDbContext();
        var backlog = await check.Inbox.AsNoTracking().Where(m => m.DedupeKey.StartsWith("backlog|")).ToListAsync();
        var stored = await check.Inbox.AsNoTracking().SingleAsync(m => m.Reference == "800000000555");
        Assert.Equal(204, status);
        Assert.Equal(600, backlog.Count);
        Assert.All(backlog, m => Assert.Equal((InboxOutcome.Pending, 0, (DateTimeOffset?)null), (m.Outcome, m.Attempts, m.NextAttemptAt)));
        Assert.Equal((InboxOutcome.Pending, 0), (stored.Outcome, stored.Attempts));
    }

    [Theory]
    [InlineData("&authorized_amount=12.50&currency=eur")]
    [InlineData("&authorized_amount=12.50&currency=EURO")]
    [InlineData("&authorized_amount=12.50&currency=EUR&decimals=5")]
    public async Task EnterpriseWebhook_SignedButUnusableAmountFields_204StoredAndDeadLetteredWithNothingApplied(string fields)
    {
        await using var harness = await SddTestBed.StartAsync(DatabaseProvider.Sqlite);
        long paymentId;
        await using (var db = harness.CreateDbContext())
        {
            var mandate = new Mandate { Reference = "UNUSABLE-MANDATE" };
            db.Mandates.Add(mandate);
            await db.SaveChangesAsync();
            var payment = new DirectDebitPayment { OrderId = "UNUSABLE-1", MandateId = mandate.Id, Kind = DirectDebitKind.First, AmountMinor = 1250, Attempt = 1 };
            db.DirectDebitPayments.Add(payment);
            await db.SaveChangesAsync();
            paymentId = payment.Id;
        }

        var body = "state=completed&transaction_reference=800000000321&status=118&order%5Bid%5D=UNUSABLE-1" + fields;
        var status = await PostSignedAsync(harness, body);
        var redelivery = await PostSignedAsync(harness, body);
        await harness.DrainInboxAsync();
        await harness.DrainInboxAsync();

        await using var check = harness.CreateDbContext();
        var row = await check.Inbox.AsNoTracking().SingleAsync();
        var untouched = await check.DirectDebitPayments.AsNoTracking().SingleAsync(p => p.Id == paymentId);
        Assert.Equal(204, status);
        Assert.Equal(204, redelivery);
        Assert.Equal(InboxOutcome.DeadLetter, row.Outcome);
        Assert.Equal(0, row.Attempts);
        Assert.Contains("cannot be used", row.OutcomeMessage, StringComparison.Ordinal);
        Assert.Equal(DirectDebitPaymentStatus.Created, untouched.Status);
        Assert.Null(untouched.TransactionReference);
    }

    private static async Task<int> PostSignedAsync(ConnectorHarness harness, string form)
    {
        var body = Encoding.UTF8.GetBytes(form);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/x-www-form-urlencoded");
        content.Headers.Add("X-ALLOPASS-SIGNATURE", HiPayEnterpriseSignature.Compute(body, harness.Settings.HiPayEnterprise.Passphrase, HiPayEnterpriseSignatureAlgorithm.Sha256));
        using var response = await harness.WebClient.PostAsync("/notifications/hipay-enterprise", content);
        return (int)response.StatusCode;
    }
}
