using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Simulator.HiPayWallet;

/// <summary>
/// What happened to the money POSTs of one merchant_unique_id. Posts: every POST on the wire (the request journal,
/// including ones a fault answered before or after the books saw them). Received: POSTs that reached the books.
/// Replayed: answered from an earlier booking (the de-duplication HiPay documents; never in strict books). Refused:
/// answered with a business error, nothing booked. Booked: transactions in the books under this id.
/// </summary>
internal sealed record MoneyPostTally(
    string Kind,
    string MerchantUniqueId,
    int Posts,
    int Received,
    int Replayed,
    int Refused,
    int Booked,
    IReadOnlyList<BooksTransaction> Transactions);

/// <summary>Body of POST /_sim/wallet/books-mode.</summary>
internal sealed record BooksModeRequest(bool? StrictBooks);

/// <summary>Reads the merchant_unique_id of transfer and withdrawal POSTs into the request journal.</summary>
internal static class WalletJournal
{
    public const string TransferPath = "/api/transfer";
    public const string WithdrawalPath = "/api/withdrawal";

    public static string? MerchantUniqueIdOf(string method, string path, string? body)
    {
        if (!HttpMethods.IsPost(method) || body is null || !(IsPath(path, TransferPath) || IsPath(path, WithdrawalPath)))
        {
            return null;
        }

        // The API takes form fields (application/x-www-form-urlencoded), as the PHP client sends them.
        return QueryHelpers.ParseQuery(body).TryGetValue("merchant_unique_id", out var value) && !string.IsNullOrEmpty(value.ToString())
            ? value.ToString()
            : null;
    }

    public static bool IsPath(string path, string expected) => string.Equals(path, expected, StringComparison.OrdinalIgnoreCase);
}

internal sealed partial class WalletState
{
    private readonly Dictionary<string, PostCounts> _posts = new(StringComparer.Ordinal);

    /// <summary>
    /// Strict books: every accepted transfer or withdrawal books a new transaction, whatever its merchant_unique_id.
    /// HiPay documents that it processes one transfer per id, but a connector that leans on that hides its own
    /// re-sends; with strict books a re-send shows in the books as a second payment. Lookups by merchant_unique_id
    /// answer the latest booking (the API returns one transaction per id).
    /// </summary>
    public bool StrictBooks { get; private set; }

    public bool SetStrictBooks(bool strict)
    {
        lock (_gate)
        {
            StrictBooks = strict;
            return StrictBooks;
        }
    }

    /// <summary>Per merchant_unique_id, wire POSTs (from the journal's counts) against what the books did with them.</summary>
    public IReadOnlyList<MoneyPostTally> Tally(IReadOnlyDictionary<string, int> transferPosts, IReadOnlyDictionary<string, int> withdrawalPosts, string? merchantUniqueId = null)
    {
        lock (_gate)
        {
            var rows = new List<MoneyPostTally>();
            foreach (var (kind, wire, keyOf) in new (WalletTransactionKind, IReadOnlyDictionary<string, int>, Func<string, string>)[]
            {
                (WalletTransactionKind.Transfer, transferPosts, TransferKey),
                (WalletTransactionKind.Withdrawal, withdrawalPosts, WithdrawalKey),
            })
            {
                var booked = _transactions.Where(t => t.Kind == kind && t.MerchantUniqueId is not null).ToLookup(t => t.MerchantUniqueId!, StringComparer.Ordinal);
                var ids = wire.Keys.Concat(booked.Select(g => g.Key))
                    .Concat(_posts.Where(p => p.Value.Kind == kind).Select(p => p.Value.MerchantUniqueId))
                    .Where(id => merchantUniqueId is null || string.Equals(id, merchantUniqueId, StringComparison.Ordinal))
                    .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
                foreach (var id in ids)
                {
                    var counts = _posts.GetValueOrDefault(keyOf(id));
                    var transactions = booked[id].Select(BooksView).ToList();
                    var received = counts?.Received ?? 0;
                    var replayed = counts?.Replayed ?? 0;
                    rows.Add(new MoneyPostTally(kind.ToString(), id, wire.GetValueOrDefault(id), received, replayed,
                        received - replayed - transactions.Count, transactions.Count, transactions));
                }
            }

            return rows;
        }
    }

    private static BooksTransaction BooksView(WalletTransaction t) =>
        new(t.TransactionId, t.Kind.ToString(), t.FromAccountId, t.ToAccountId, t.Amount, t.Currency, t.Status, t.MerchantUniqueId, t.CreatedAt, t.CapturedAt);

    /// <summary>A transfer or withdrawal POST reached the books (whatever they answer).</summary>
    private void CountReceived(WalletTransactionKind kind, string? merchantUniqueId)
    {
        if (string.IsNullOrEmpty(merchantUniqueId))
        {
            return;
        }

        lock (_gate)
        {
            var key = kind == WalletTransactionKind.Withdrawal ? WithdrawalKey(merchantUniqueId) : TransferKey(merchantUniqueId);
            if (!_posts.TryGetValue(key, out var counts))
            {
                _posts[key] = counts = new PostCounts(kind, merchantUniqueId);
            }

            counts.Received++;
        }
    }

    /// <summary>A POST was answered from an earlier booking of the same merchant_unique_id (called under the gate).</summary>
    private void CountReplayed(WalletTransactionKind kind, string merchantUniqueId) =>
        _posts[kind == WalletTransactionKind.Withdrawal ? WithdrawalKey(merchantUniqueId) : TransferKey(merchantUniqueId)].Replayed++;

    private void ResetTally()
    {
        _posts.Clear();
        StrictBooks = _options.StrictBooks;
    }

    private sealed class PostCounts(WalletTransactionKind kind, string merchantUniqueId)
    {
        public WalletTransactionKind Kind { get; } = kind;

        public string MerchantUniqueId { get; } = merchantUniqueId;

        public int Received { get; set; }

        public int Replayed { get; set; }
    }
}
