namespace Simulator.HiPayEnterprise;

/// <summary>Settings of the fake gateway; defaults follow HiPay's documented behaviour.</summary>
public sealed class HiPayEnterpriseSimulatorOptions
{
    /// <summary>API login → password pairs accepted by Basic authentication.</summary>
    public IDictionary<string, string> Accounts { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["sim-api-user"] = "sim-api-password",
    };

    public string SecretPassphrase { get; set; } = "sim-passphrase";

    /// <summary>SHA1, SHA256 or SHA512 (back office "security settings").</summary>
    public string HashAlgorithm { get; set; } = "SHA256";

    /// <summary>Where notifications go when the order carries no notify_url; none are sent when both are missing.</summary>
    public Uri? DefaultNotifyUrl { get; set; }

    /// <summary>"form" (HTTP POST, bracket keys) or "xml" (&lt;notification&gt;).</summary>
    public string NotificationFormat { get; set; } = "form";

    public int FirstDebitDelayBankDays { get; set; } = 10;

    public int RecurringDebitDelayBankDays { get; set; } = 5;

    /// <summary>Bank days between a capture and the return (129) of a ".52" amount.</summary>
    public int ReturnDelayBankDays { get; set; } = 2;

    /// <summary>Months without a collection after which an agreement is terminated (SEPA rule).</summary>
    public int AgreementExpiryMonths { get; set; } = 36;

    public bool Emit116BeforeCapture { get; set; }

    /// <summary>"completed" (DOCS) or "pending": the state of a first SDD payment's 142 answer.</summary>
    public string FirstPaymentState { get; set; } = "completed";

    /// <summary>Mirror of the stage account: eci 7 answers 109 with a pending agreement.</summary>
    public bool SandboxSddAuthFails { get; set; }

    /// <summary>Root of the hosted page links; the request's own host when not set.</summary>
    public Uri? HppUrlBase { get; set; }

    public string Mid { get; set; } = "00001326589";

    public int Seed { get; set; } = 42;

    public long FirstTransactionReference { get; set; } = 800_000_000_001;

    public long FirstDebitAgreementId { get; set; } = 1001;

    public void Validate()
    {
        if (Accounts.Count == 0)
        {
            throw new InvalidOperationException("HiPayEnterprise:Accounts needs at least one login.");
        }

        if (HashAlgorithm is not ("SHA1" or "SHA256" or "SHA512"))
        {
            throw new InvalidOperationException("HiPayEnterprise:HashAlgorithm must be SHA1, SHA256 or SHA512.");
        }

        if (NotificationFormat is not ("form" or "xml"))
        {
            throw new InvalidOperationException("HiPayEnterprise:NotificationFormat must be form or xml.");
        }

        if (FirstDebitDelayBankDays < 0 || RecurringDebitDelayBankDays < 0 || ReturnDelayBankDays < 0)
        {
            throw new InvalidOperationException("HiPayEnterprise bank-day delays must not be negative.");
        }

        if (FirstPaymentState is not ("completed" or "pending"))
        {
            throw new InvalidOperationException("HiPayEnterprise:FirstPaymentState must be completed or pending.");
        }
    }
}
