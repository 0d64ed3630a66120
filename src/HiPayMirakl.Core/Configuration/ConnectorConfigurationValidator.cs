using System.Globalization;
using System.Net.Mail;
using System.Text.RegularExpressions;
using HiPayMirakl.Core.Persistence;

namespace HiPayMirakl.Core.Configuration;

/// <summary>What a command needs to be configured: `migrate` needs only the database, a cash-out job needs everything.</summary>
[Flags]
public enum SettingsScope
{
    Database = 1,
    Mirakl = 2,
    HiPayWallet = 4,
    CashOut = 8,
    All = Database | Mirakl | HiPayWallet | CashOut,
}

/// <summary>Checks the bound settings; every message starts with the key it is about (and its parameters.yml name).</summary>
public static partial class ConnectorConfigurationValidator
{
    public static IReadOnlyList<string> Validate(ConnectorSettings s, SettingsScope scope)
    {
        ArgumentNullException.ThrowIfNull(s);
        var errors = new List<string>();

        void Required(string key, string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add($"{Name(key)}: required.");
            }
        }

        void Url(string key, string? value, bool required = true)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                if (required)
                {
                    errors.Add($"{Name(key)}: required.");
                }

                return;
            }

            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"{Name(key)}: '{value}' is not an absolute http(s) URL.");
            }
        }

        void Email(string key, string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add($"{Name(key)}: required.");
            }
            else if (!MailAddress.TryCreate(value, out _))
            {
                errors.Add($"{Name(key)}: '{value}' is not an e-mail address.");
            }
        }

        void Range(string key, long value, long min, long max)
        {
            if (value < min || value > max)
            {
                errors.Add($"{Name(key)}: {value.ToString(CultureInfo.InvariantCulture)} is outside {min.ToString(CultureInfo.InvariantCulture)}–{max.ToString(CultureInfo.InvariantCulture)}.");
            }
        }

        if (scope.HasFlag(SettingsScope.Database))
        {
            Required("Database:ConnectionString", s.Database.ConnectionString);
            if (!Enum.IsDefined(s.Database.Provider))
            {
                errors.Add($"{Name("Database:Provider")}: must be Sqlite, Postgres or MySql.");
            }
        }

        if (scope.HasFlag(SettingsScope.Mirakl))
        {
            Url("Mirakl:BaseUrl", s.Mirakl.BaseUrl);
            Required("Mirakl:OperatorKey", s.Mirakl.OperatorKey);
            Range("Mirakl:RequestsPerSecond", s.Mirakl.RequestsPerSecond, 1, 1000);
            Range("Mirakl:TimeoutSeconds", s.Mirakl.TimeoutSeconds, 1, 600);
        }

        if (scope.HasFlag(SettingsScope.HiPayWallet))
        {
            Url("HiPayWallet:BaseRestUrl", s.HiPayWallet.BaseRestUrl);
            Url("HiPayWallet:BaseSoapUrl", s.HiPayWallet.BaseSoapUrl, required: false);
            Required("HiPayWallet:WsLogin", s.HiPayWallet.WsLogin);
            Required("HiPayWallet:WsPassword", s.HiPayWallet.WsPassword);
            Required("HiPayWallet:Entity", s.HiPayWallet.Entity);
            if (!LocaleRegex().IsMatch(s.HiPayWallet.Locale ?? ""))
            {
                errors.Add($"{Name("HiPayWallet:Locale")}: '{s.HiPayWallet.Locale}' is not a locale like fr_FR.");
            }

            if (!TryTimeZone(s.HiPayWallet.TimeZone))
            {
                errors.Add($"{Name("HiPayWallet:TimeZone")}: '{s.HiPayWallet.TimeZone}' is not a known time zone.");
            }

            Range("HiPayWallet:RequestsPerSecond", s.HiPayWallet.RequestsPerSecond, 1, 1000);
            Range("HiPayWallet:TimeoutSeconds", s.HiPayWallet.TimeoutSeconds, 1, 600);
            Range("HiPayWallet:SaltRefreshesPerMinute", s.HiPayWallet.SaltRefreshesPerMinute, 1, 600);
            Range("HiPayWallet:SaltRefreshTimeoutSeconds", s.HiPayWallet.SaltRefreshTimeoutSeconds, 1, 60);
            if (s.HiPayWallet.SaltRefreshInterval < TimeSpan.Zero)
            {
                errors.Add($"{Name("HiPayWallet:SaltRefreshInterval")}: must not be negative.");
            }
        }

        if (scope.HasFlag(SettingsScope.CashOut))
        {
            if (s.Accounts.TechnicalAccountId <= 0)
            {
                errors.Add($"{Name("Accounts:TechnicalAccountId")}: required (a positive HiPay account id).");
            }

            if (s.Accounts.OperatorAccountId <= 0)
            {
                errors.Add($"{Name("Accounts:OperatorAccountId")}: required (a positive HiPay account id).");
            }
            Email("Accounts:TechnicalEmail", s.Accounts.TechnicalEmail);
            Email("Accounts:OperatorEmail", s.Accounts.OperatorEmail);
            if (s.Accounts.TechnicalAccountId > 0 && s.Accounts.TechnicalAccountId == s.Accounts.OperatorAccountId)
            {
                errors.Add($"{Name("Accounts:OperatorAccountId")}: must differ from the technical account.");
            }

            foreach (var day in s.Cycle.Days.Where(d => d is < 1 or > 31))
            {
                errors.Add($"{Name("Cycle:Days")}: {day.ToString(CultureInfo.InvariantCulture)} is not a day of the month.");
            }

            Range("Cycle:Hour", s.Cycle.Hour, 0, 23);
            Range("Cycle:Minute", s.Cycle.Minute, 0, 59);
            if (!TryTimeZone(s.Cycle.TimeZone))
            {
                errors.Add($"{Name("Cycle:TimeZone")}: '{s.Cycle.TimeZone}' is not a known time zone.");
            }

            if (s.Cycle.IntervalBefore < TimeSpan.Zero || s.Cycle.IntervalAfter < TimeSpan.Zero)
            {
                errors.Add($"{Name("Cycle:IntervalBefore")}: intervals cannot be negative.");
            }

            Range("Cycle:MaxAttempts", s.Cycle.MaxAttempts, 1, 100);
            Range("Cycle:Concurrency", s.Cycle.Concurrency, 1, 64);
            Required("Labels:Public", s.Labels.Public);
            Required("Labels:Private", s.Labels.Private);
            Required("Labels:Withdraw", s.Labels.Withdraw);
        }

        errors.AddRange(Features.Alerts.AlertingOptions.Validate(s.Mail, s.Alerting));

        if (s.Dashboard.Locale is not ("en" or "fr"))
        {
            errors.Add($"{Name("Dashboard:Locale")}: '{s.Dashboard.Locale}' is not one of en, fr.");
        }

        if (s.HiPayEnterprise.IsConfigured)
        {
            Url("HiPayEnterprise:BaseUrl", s.HiPayEnterprise.BaseUrl);
            Url("HiPayEnterprise:HostedPageBaseUrl", s.HiPayEnterprise.HostedPageBaseUrl, required: false);
            Required("HiPayEnterprise:Username", s.HiPayEnterprise.Username);
            Required("HiPayEnterprise:Password", s.HiPayEnterprise.Password);
            Required("HiPayEnterprise:Passphrase", s.HiPayEnterprise.Passphrase);
            if (s.HiPayEnterprise.SignatureAlgorithm is not ("SHA1" or "SHA256" or "SHA512"))
            {
                errors.Add($"{Name("HiPayEnterprise:SignatureAlgorithm")}: '{s.HiPayEnterprise.SignatureAlgorithm}' is not one of SHA1, SHA256, SHA512.");
            }

            Range("HiPayEnterprise:TimeoutSeconds", s.HiPayEnterprise.TimeoutSeconds, 1, 600);
        }

        Range("DirectDebit:LeadTimeBankDays", s.DirectDebit.LeadTimeBankDays, 0, 60);
        Range("DirectDebit:FirstDebitLeadTimeBankDays", s.DirectDebit.FirstDebitLeadTimeBankDays, 0, 60);
        if (s.DirectDebit.DebtAgeThreshold < TimeSpan.Zero)
        {
            errors.Add($"{Name("DirectDebit:DebtAgeThreshold")}: must not be negative.");
        }

        Url("DirectDebit:NotifyUrl", s.DirectDebit.NotifyUrl, required: false);

        Range("Inbox:MaxAttempts", s.Inbox.MaxAttempts, 1, 1000);
        Range("Inbox:BatchSize", s.Inbox.BatchSize, 1, 10000);
        foreach (var (key, value) in new[]
        {
            ("Inbox:RetryBaseDelay", s.Inbox.RetryBaseDelay), ("Inbox:RetryMaxDelay", s.Inbox.RetryMaxDelay),
            ("Inbox:WaitPollInterval", s.Inbox.WaitPollInterval), ("Inbox:MaxWait", s.Inbox.MaxWait),
            ("Inbox:IdlePollInterval", s.Inbox.IdlePollInterval), ("Inbox:ClaimDuration", s.Inbox.ClaimDuration),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"{Name(key)}: must be positive.");
            }
        }

        errors.AddRange(Features.Scheduling.SchedulerOptionsValidator.Validate(s));
        errors.AddRange(s.Monitoring.Validate());
        errors.AddRange(s.Reconciliation.Validate());
        errors.AddRange(s.Web.Validate());
        errors.AddRange(s.Approvals.Validate());
        errors.AddRange(s.WalletNotifications.Validate());
        return errors;
    }

    public static void ThrowIfInvalid(ConnectorSettings settings, SettingsScope scope)
    {
        var errors = Validate(settings, scope);
        if (errors.Count > 0)
        {
            throw new ConfigurationException(errors);
        }
    }

    /// <summary>Errors on one line, for the command line.</summary>
    public static string Join(IEnumerable<string> errors) => string.Join("; ", errors.Select(e => e.TrimEnd('.')));

    /// <summary>"Mirakl:OperatorKey (parameters.yml: mirakl.operatorKey)".</summary>
    public static string Name(string key) =>
        LegacyParameters.LegacyKeyFor(key) is { } legacy ? $"{key} (parameters.yml: {legacy})" : key;

    private static bool TryTimeZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        try
        {
            _ = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (TimeZoneNotFoundException)
        {
            return false;
        }
        catch (InvalidTimeZoneException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^[a-z]{2}_[A-Z]{2}$")]
    private static partial Regex LocaleRegex();
}
