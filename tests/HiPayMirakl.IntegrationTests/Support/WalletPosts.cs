using System.Globalization;
using System.Text.Json;
using HiPayMirakl.Core.Features.Payouts;

namespace HiPayMirakl.IntegrationTests.Support;

/// <summary>One booking in the wallet simulator's books.</summary>
public sealed record WalletBooking(string TransactionId, long Amount, string Status, long? FromAccountId, long? ToAccountId);

/// <summary>
/// The wallet simulator's tally for one merchant_unique_id: POSTs on the wire (its request journal, faulted ones
/// included), POSTs that reached the books, replays answered from an earlier booking, business refusals, bookings.
/// </summary>
public sealed record WalletPostTally(string Kind, string MerchantUniqueId, int Posts, int Received, int Replayed, int Refused, IReadOnlyList<WalletBooking> Bookings)
{
    public int Booked => Bookings.Count;

    /// <summary>POSTs HiPay accepted: each one would have moved money without its de-duplication.</summary>
    public int Accepted => Booked + Replayed;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Kind} {MerchantUniqueId}: {Posts} POSTs on the wire, {Received} reached the books, {Replayed} replayed, {Refused} refused, {Booked} booked [{string.Join(", ", Bookings.Select(b => b.Amount))}]");
}

/// <summary>Counts what the HiPay Wallet simulator received and booked per merchant_unique_id, and checks legs against it.</summary>
public static class WalletPosts
{
    public static async Task<IReadOnlyList<WalletPostTally>> TallyAsync(ConnectorHarness harness)
    {
        ArgumentNullException.ThrowIfNull(harness);
        var rows = await harness.WalletControl.GetSimAsync("/_sim/wallet/posts");
        return rows.EnumerateArray().Select(r => new WalletPostTally(
            r.GetProperty("kind").GetString() ?? "",
            r.GetProperty("merchantUniqueId").GetString() ?? "",
            r.GetProperty("posts").GetInt32(),
            r.GetProperty("received").GetInt32(),
            r.GetProperty("replayed").GetInt32(),
            r.GetProperty("refused").GetInt32(),
            r.GetProperty("transactions").EnumerateArray().Select(t => new WalletBooking(
                t.GetProperty("transactionId").GetString() ?? "",
                t.GetProperty("amount").GetInt64(),
                t.GetProperty("status").GetString() ?? "",
                OptionalLong(t.GetProperty("fromAccountId")),
                OptionalLong(t.GetProperty("toAccountId")))).ToList())).ToList();
    }

    /// <summary>
    /// Every leg was transferred, and withdrawn, exactly once: per merchant_unique_id HiPay accepted one POST and
    /// booked one transaction, for the leg's amount to the cent, to or from the leg's wallet, under the id the leg
    /// recorded. Nothing else was booked. On the wire, the only POSTs beyond one per booking are the
    /// <paramref name="postsNotAccepted"/> the test expects HiPay not to have accepted (a fault answered them before
    /// the books, a 5xx or a 429, or the books refused them), which the connector may legitimately send again.
    /// </summary>
    public static async Task AssertExactlyOnceAsync(ConnectorHarness harness, IReadOnlyCollection<Leg> legs, int postsNotAccepted = 0)
    {
        ArgumentNullException.ThrowIfNull(legs);
        var tally = await TallyAsync(harness);
        var report = string.Join(Environment.NewLine, tally);
        foreach (var leg in legs)
        {
            var transfer = One(tally, "Transfer", leg.TransferMerchantUniqueId, report);
            var booked = transfer.Bookings[0];
            Assert.True((booked.Amount, booked.ToAccountId, booked.TransactionId) == (leg.AmountMinor, leg.BeneficiaryAccountId, leg.TransferId),
                $"Leg {leg.Id} transfer: booked {booked.Amount} to {booked.ToAccountId} as {booked.TransactionId}, the leg says {leg.AmountMinor} to {leg.BeneficiaryAccountId} as {leg.TransferId}");

            var withdrawal = One(tally, "Withdrawal", leg.WithdrawalMerchantUniqueId, report);
            var withdrawn = withdrawal.Bookings[0];
            var expected = leg.WithdrawnAmountMinor ?? leg.AmountMinor;
            Assert.True((withdrawn.Amount, withdrawn.FromAccountId, withdrawn.TransactionId) == (expected, leg.BeneficiaryAccountId, leg.WithdrawId),
                $"Leg {leg.Id} withdrawal: booked {withdrawn.Amount} from {withdrawn.FromAccountId} as {withdrawn.TransactionId}, the leg says {expected} from {leg.BeneficiaryAccountId} as {leg.WithdrawId}");
        }

        var ids = legs.SelectMany(l => new[] { ("Transfer", l.TransferMerchantUniqueId), ("Withdrawal", l.WithdrawalMerchantUniqueId) }).ToHashSet();
        var strays = tally.Where(t => t.Accepted > 0 && !ids.Contains((t.Kind, t.MerchantUniqueId))).ToList();
        Assert.True(strays.Count == 0, "Money moved for no leg:" + Environment.NewLine + string.Join(Environment.NewLine, strays));
        var unbooked = await UnreferencedBookingsAsync(harness);
        Assert.True(unbooked == 0, $"{unbooked} transfers or withdrawals were booked without a merchant_unique_id");
        var extra = tally.Sum(t => t.Posts - t.Accepted);
        Assert.True(extra == postsNotAccepted, $"{extra} POSTs were not accepted, {postsNotAccepted} expected:{Environment.NewLine}{report}");
    }

    private static WalletPostTally One(IReadOnlyList<WalletPostTally> tally, string kind, string merchantUniqueId, string report)
    {
        var row = tally.SingleOrDefault(t => t.Kind == kind && t.MerchantUniqueId == merchantUniqueId);
        Assert.True(row is not null, $"No {kind} POST for {merchantUniqueId}:{Environment.NewLine}{report}");
        Assert.True(row.Accepted == 1 && row.Booked == 1, "Not exactly once: " + row);
        return row;
    }

    private static async Task<int> UnreferencedBookingsAsync(ConnectorHarness harness)
    {
        var books = await harness.WalletControl.GetSimAsync("/_sim/wallet/books");
        return books.GetProperty("transactions").EnumerateArray().Count(t =>
            t.GetProperty("kind").GetString() is "Transfer" or "Withdrawal" && t.GetProperty("merchantUniqueId").ValueKind != JsonValueKind.String);
    }

    private static long? OptionalLong(JsonElement value) => value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;
}
