namespace Simulator.HiPayWallet;

/// <summary>Configuration of the fake HiPay Wallet API.</summary>
public sealed class HiPayWalletSimulatorOptions
{
    /// <summary>Account that owns every wallet created through the API and is the source of transfers.</summary>
    public long TechnicalAccountId { get; set; } = 100000;

    public string TechnicalLogin { get; set; } = "technical-ws";

    public string TechnicalPassword { get; set; } = "technical-ws-password";

    public string TechnicalEmail { get; set; } = "technical@wallet.example";

    public string Entity { get; set; } = "mkp_entity";

    public string MerchantGroupCode { get; set; } = "MKP-GROUP";

    /// <summary>Commission wallet of the marketplace operator, seeded identified with validated bank details.</summary>
    public long OperatorAccountId { get; set; } = 100001;

    public string OperatorEmail { get; set; } = "operator@wallet.example";

    public string Currency { get; set; } = "EUR";

    /// <summary>Where notifications go when the target account has no callback URL of its own.</summary>
    public Uri? DefaultCallbackUrl { get; set; }

    /// <summary>
    /// How the notification form is encoded: <see cref="NotificationFormEncoding.Php"/> (HiPay's sender is PHP:
    /// <c>http_build_query</c>, a space as '+') or <see cref="NotificationFormEncoding.Rfc3986"/> (a space as %20).
    /// </summary>
    public NotificationFormEncoding NotificationFormEncoding { get; set; } = NotificationFormEncoding.Php;

    public long FirstAccountId { get; set; } = 500000;

    public long FirstUserSpaceId { get; set; } = 700000;

    /// <summary>Seed of every random choice (salts, transaction ids) so runs are reproducible.</summary>
    public int Seed { get; set; } = 42;

    public TimeSpan DocumentReviewDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan BankReviewDelay { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan AuthorizationDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan CaptureDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan PayoutDelay { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Strict books at start and after a reset (see <c>WalletState.StrictBooks</c>): no de-duplication by
    /// merchant_unique_id, every accepted transfer or withdrawal books a new transaction. Off by default, as HiPay
    /// documents the de-duplication; exactly-once tests turn it on so only the connector's discipline protects the books.
    /// </summary>
    public bool StrictBooks { get; set; }

    /// <summary>Largest accepted KYC or bank proof upload (HOAS says 15 MB).</summary>
    public long MaxUploadBytes { get; set; } = 15L * 1024 * 1024;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(TechnicalLogin) || string.IsNullOrEmpty(TechnicalPassword))
        {
            throw new InvalidOperationException("The technical account needs a login and a password.");
        }

        if (TechnicalAccountId == OperatorAccountId)
        {
            throw new InvalidOperationException("The technical and operator accounts must have different ids.");
        }

        if (!WalletMoney.IsKnownCurrency(Currency))
        {
            throw new InvalidOperationException($"Unknown currency '{Currency}'.");
        }

        if (DocumentReviewDelay < TimeSpan.Zero || BankReviewDelay < TimeSpan.Zero || AuthorizationDelay < TimeSpan.Zero
            || CaptureDelay < AuthorizationDelay || PayoutDelay < TimeSpan.Zero)
        {
            throw new InvalidOperationException("Delays must be positive and the capture cannot precede the authorization.");
        }
    }
}

/// <summary>The two ways a form value can carry a space: PHP's '+' or RFC 3986's %20.</summary>
public enum NotificationFormEncoding
{
    Php = 0,
    Rfc3986 = 1,
}
