using System.Globalization;
using System.Net.Mail;
using HiPayMirakl.Core.Configuration;
using Microsoft.Extensions.Logging;

namespace HiPayMirakl.Core.Features.Alerts;

/// <summary>How the SMTP connection is secured: <c>Tls</c> upgrades a plain connection (STARTTLS), <c>Ssl</c> is TLS from the first byte.</summary>
public enum MailSecurity
{
    None = 0,
    Tls = 1,
    Ssl = 2,
}

/// <summary>Where alert digests are sent. An empty <see cref="Host"/> keeps alerts in the alert log only.</summary>
public sealed class MailOptions
{
    public const string SectionName = "Mail";

    /// <summary>SMTP host; empty disables e-mail alerts.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    public MailSecurity Security { get; set; } = MailSecurity.None;

    /// <summary>SMTP login; no authentication when empty.</summary>
    public string? Username { get; set; }

    [Secret]
    public string? Password { get; set; }

    /// <summary>Prefix of every digest's subject.</summary>
    public string Subject { get; set; } = "[HiPay Mirakl connector]";

    public string? From { get; set; }

    public List<string> To { get; set; } = [];

    /// <summary>Time given to one SMTP exchange (connect, authenticate, send).</summary>
    public int TimeoutSeconds { get; set; } = 30;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}

/// <summary>
/// Alerts and logs. Levels are Monolog-compatible numbers, as the predecessor used them: 100 debug, 200 info,
/// 250 notice, 300 warning, 400 error, 500 critical, 550 alert, 600 emergency; 9999 never.
/// </summary>
public sealed class AlertingOptions
{
    public const string SectionName = "Alerting";

    public const int Never = 9999;

    /// <summary>File receiving one JSON object per log event; no file when empty.</summary>
    public string? LogFilePath { get; set; }

    /// <summary>Minimum level written to the log_general table.</summary>
    public int DatabaseLevel { get; set; } = 300;

    /// <summary>Minimum level of an alert that is mailed; every alert is kept in the alert log whatever its level.</summary>
    public int EmailLevel { get; set; } = 300;

    /// <summary>Logs at Debug level (every HTTP request, and SQL statements when <see cref="SqlLogLevel"/> allows them).</summary>
    public bool Debug { get; set; }

    /// <summary>
    /// Level from which the database layer's SQL statements are logged (Microsoft.Extensions.Logging names: Trace,
    /// Debug, Information, Warning…). Statements are written at Debug, so Warning (the default) leaves them out and
    /// Debug shows them.
    /// </summary>
    public LogLevel SqlLogLevel { get; set; } = LogLevel.Warning;

    /// <summary>
    /// One digest per window per recipient: alerts are collected for this long, then mailed together; repeats of the
    /// same alert (kind and key) within a window are counted on one line.
    /// </summary>
    public TimeSpan DigestWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Alerts waiting to be stored; when full, further alerts are counted and reported as one overflow alert.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>The Monolog level of a severity: Info 200, Warning 300, Error 400, Critical 500.</summary>
    public static int LevelOf(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Critical => 500,
        AlertSeverity.Error => 400,
        AlertSeverity.Warning => 300,
        _ => 200,
    };

    /// <summary>Checks the Mail and Alerting sections; every message starts with the key it is about.</summary>
    public static IEnumerable<string> Validate(MailOptions mail, AlertingOptions alerting)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(alerting);
        static string Name(string key) => ConnectorConfigurationValidator.Name(key);
        static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

        if (mail.IsConfigured)
        {
            if (mail.Port is < 1 or > 65535)
            {
                yield return $"{Name("Mail:Port")}: {Text(mail.Port)} is outside 1–65535.";
            }

            if (string.IsNullOrWhiteSpace(mail.From))
            {
                yield return $"{Name("Mail:From")}: required when Mail:Host is set.";
            }
            else if (!MailAddress.TryCreate(mail.From, out _))
            {
                yield return $"{Name("Mail:From")}: '{mail.From}' is not an e-mail address.";
            }

            if (mail.To.Count == 0)
            {
                yield return $"{Name("Mail:To")}: at least one recipient is required when Mail:Host is set.";
            }

            foreach (var to in mail.To.Where(t => !MailAddress.TryCreate(t, out _)))
            {
                yield return $"{Name("Mail:To")}: '{to}' is not an e-mail address.";
            }

            if (!Enum.IsDefined(mail.Security))
            {
                yield return $"{Name("Mail:Security")}: must be None, Tls or Ssl.";
            }

            if (!string.IsNullOrWhiteSpace(mail.Username) && string.IsNullOrEmpty(mail.Password))
            {
                yield return $"{Name("Mail:Password")}: required when Mail:Username is set.";
            }

            if (mail.TimeoutSeconds is < 1 or > 600)
            {
                yield return $"{Name("Mail:TimeoutSeconds")}: {Text(mail.TimeoutSeconds)} is outside 1–600.";
            }
        }

        foreach (var (key, level) in new[] { ("Alerting:EmailLevel", alerting.EmailLevel), ("Alerting:DatabaseLevel", alerting.DatabaseLevel) })
        {
            if (level is < 0 or > Never)
            {
                yield return $"{Name(key)}: {Text(level)} is outside 0–{Text(Never)}.";
            }
        }

        if (alerting.DigestWindow < TimeSpan.FromSeconds(1) || alerting.DigestWindow > TimeSpan.FromDays(1))
        {
            yield return $"{Name("Alerting:DigestWindow")}: {alerting.DigestWindow} is outside 00:00:01–1.00:00:00.";
        }

        if (alerting.QueueCapacity is < 100 or > 1_000_000)
        {
            yield return $"{Name("Alerting:QueueCapacity")}: {Text(alerting.QueueCapacity)} is outside 100–1000000.";
        }

        if (!Enum.IsDefined(alerting.SqlLogLevel))
        {
            yield return $"{Name("Alerting:SqlLogLevel")}: must be one of {string.Join(", ", Enum.GetNames<LogLevel>())}.";
        }

        if (!string.IsNullOrWhiteSpace(alerting.LogFilePath) && alerting.LogFilePath.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            yield return $"{Name("Alerting:LogFilePath")}: '{alerting.LogFilePath}' is not a valid path.";
        }
    }
}
