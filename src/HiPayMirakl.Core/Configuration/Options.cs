using HiPayMirakl.Core.Persistence;

namespace HiPayMirakl.Core.Configuration;

// The options of every area, bound from the section named by each class's SectionName. Validation lives in
// ConnectorConfigurationValidator so that every error names its key.

public sealed class MiraklOptions
{
    public const string SectionName = "Mirakl";

    /// <summary>Mirakl API base URL, e.g. https://marketplace.example.com (the /api prefix is added by the client).</summary>
    public string BaseUrl { get; set; } = "";

    [Secret]
    public string OperatorKey { get; set; } = "";

    /// <summary>Front key: accepted for compatibility with the predecessor's parameters; no call needs it.</summary>
    [Secret]
    public string? FrontKey { get; set; }

    /// <summary>Requests per second allowed to Mirakl, shared by all callers of this process.</summary>
    public int RequestsPerSecond { get; set; } = 5;

    public int TimeoutSeconds { get; set; } = 30;
}

public sealed class HiPayWalletOptions
{
    public const string SectionName = "HiPayWallet";

    public string BaseRestUrl { get; set; } = "";

    /// <summary>Kept from the predecessor's parameters; SOAP is not used (REST covers every call).</summary>
    public string? BaseSoapUrl { get; set; }

    public string WsLogin { get; set; } = "";

    [Secret]
    public string WsPassword { get; set; } = "";

    public string Entity { get; set; } = "";

    public string? MerchantGroupId { get; set; }

    /// <summary>Locale of created accounts, e.g. fr_FR.</summary>
    public string Locale { get; set; } = "fr_FR";

    /// <summary>Time zone of created accounts, Area/City.</summary>
    public string TimeZone { get; set; } = "Europe/Paris";

    /// <summary>Marketplace technical id embedded in every merchant_unique_id. Defaults to the technical account id.</summary>
    public string? MarketplaceTechnicalId { get; set; }

    public int RequestsPerSecond { get; set; } = 10;

    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// How long a callback salt read from HiPay counts as current: a notification for that account that does not match
    /// it within this time is refused without asking HiPay again.
    /// </summary>
    public TimeSpan SaltRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Salt look-ups the notification endpoint may make per minute, all accounts together: what unauthenticated traffic
    /// can spend of HiPay's rate limit (6 a minute is 1% of 10 requests a second).
    /// </summary>
    public int SaltRefreshesPerMinute { get; set; } = 6;

    /// <summary>Time given to a salt look-up made while HiPay waits for our answer (one attempt, no retry).</summary>
    public int SaltRefreshTimeoutSeconds { get; set; } = 5;
}

public sealed class AccountsOptions
{
    public const string SectionName = "Accounts";

    public long TechnicalAccountId { get; set; }

    public string TechnicalEmail { get; set; } = "";

    public long OperatorAccountId { get; set; }

    public string OperatorEmail { get; set; } = "";
}

public sealed class CycleOptions
{
    public const string SectionName = "Cycle";

    /// <summary>Mirakl payment cycle days of the month.</summary>
    public List<int> Days { get; set; } = [];

    public int Hour { get; set; }

    public int Minute { get; set; } = 1;

    /// <summary>IANA time zone the cycle days and hour are expressed in.</summary>
    public string TimeZone { get; set; } = "Europe/Paris";

    /// <summary>Invoice window before the cycle date.</summary>
    public TimeSpan IntervalBefore { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Invoice window after the cycle date.</summary>
    public TimeSpan IntervalAfter { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Retries of a failing transfer/withdrawal before the leg is HELD and an operator alerted.</summary>
    public int MaxAttempts { get; set; } = 8;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Concurrent provider calls of one cash-out step.</summary>
    public int Concurrency { get; set; } = 4;
}

public sealed class LabelsOptions
{
    public const string SectionName = "Labels";

    public const string DefaultPublic = "public {{miraklId}} – {{hipayId}} - {{cycleDate}} - {{paymentVoucher}}";
    public const string DefaultPrivate = "private {{miraklId}} – {{hipayId}} - {{cycleDate}} - {{paymentVoucher}}";
    public const string DefaultWithdraw = "withdraw {{miraklId}} – {{hipayId}} - {{cycleDate}} - {{paymentVoucher}}";

    public string Public { get; set; } = DefaultPublic;

    public string Private { get; set; } = DefaultPrivate;

    public string Withdraw { get; set; } = DefaultWithdraw;
}

public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    [Secret]
    public string ConnectionString { get; set; } = "Data Source=var/hipay-mirakl.db";
}

public sealed class RuntimeOptions
{
    public const string SectionName = "Runtime";

    /// <summary>Where KYC and bank documents are staged before upload (files are deleted after each upload).</summary>
    public string TempPath { get; set; } = "var/tmp";
}

public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    public string Locale { get; set; } = "en";

    /// <summary>Countries (alpha-3) de-selected by default in the vendors page's country filter.</summary>
    public List<string> CountryFilter { get; set; } = [];
}

/// <summary>
/// HiPay Enterprise gateway (SEPA Direct Debit). Optional: with no BaseUrl the direct-debit slice is off and its
/// endpoints answer 503.
/// </summary>
public sealed class EnterpriseGatewayOptions
{
    public const string SectionName = "HiPayEnterprise";

    /// <summary>Gateway root, e.g. https://stage-secure-gateway.hipay-tpp.com/ (paths start with rest/).</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Host of the v2 hosted page (api.hipay.com); the gateway root when not set.</summary>
    public string? HostedPageBaseUrl { get; set; }

    public string Username { get; set; } = "";

    [Secret]
    public string Password { get; set; } = "";

    /// <summary>Secret passphrase of the notification signature.</summary>
    [Secret]
    public string Passphrase { get; set; } = "";

    /// <summary>SHA1, SHA256 or SHA512: the back office's "security settings".</summary>
    public string SignatureAlgorithm { get; set; } = "SHA256";

    public int TimeoutSeconds { get; set; } = 35;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(BaseUrl);
}

public sealed class DirectDebitOptions
{
    public const string SectionName = "DirectDebit";

    /// <summary>Bank days between sending a recurring debit and its collection date (SEPA: 5).</summary>
    public int LeadTimeBankDays { get; set; } = 5;

    /// <summary>Bank days for a first debit on a new mandate (SEPA: about 10).</summary>
    public int FirstDebitLeadTimeBankDays { get; set; } = 10;

    /// <summary>How long a shop's negative balance may wait for netting before it is collected by direct debit.</summary>
    public TimeSpan DebtAgeThreshold { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Smallest debt worth a debit, in minor units.</summary>
    public long MinimumDebtMinor { get; set; } = 100;

    /// <summary>Where the gateway should post notifications (our /notifications/hipay-enterprise); back-office default when empty.</summary>
    public string? NotifyUrl { get; set; }
}
