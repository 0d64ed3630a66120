using System.Globalization;
using System.Text;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Persistence;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace HiPayMirakl.Core.Features.Alerts;

/// <summary>
/// Sends the waiting alerts as one digest mail per window, to every recipient at once. A digest is due once the
/// oldest waiting alert and the last digest attempt are both a window old. The alerts are taken by a conditional update
/// (so two processes never mail the same alert), then mailed; when the SMTP server does not take the mail they go
/// back to waiting and the next window tries again: an alert is never lost, nor mailed twice.
/// </summary>
public sealed partial class AlertDigestMailer(
    ConnectorSettings settings,
    TimeProvider clock,
    ILogger<AlertDigestMailer> logger)
{
    private const int DetailLinesPerAlert = 3;

    private MailOptions Mail => settings.Mail;

    private TimeSpan Window => settings.Alerting.DigestWindow;

    /// <summary>
    /// When the next digest can go (null when nothing waits, or mail is not configured): the caller sleeps until
    /// then, or until new alerts are stored.
    /// </summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct)
    {
        if (!Mail.IsConfigured)
        {
            return null;
        }

        using var quiet = AlertingScope.Enter();
        await using var db = CreateContext();
        return await DueAtAsync(db, ct);
    }

    /// <summary>Sends the digest if one is due; returns the digest's id when a mail was accepted by the SMTP server.</summary>
    public async Task<long?> SendDueAsync(CancellationToken ct)
    {
        if (!Mail.IsConfigured)
        {
            return null;
        }

        using var quiet = AlertingScope.Enter();
        var now = clock.GetUtcNow();
        await using var db = CreateContext();
        await ReleaseAbandonedAsync(db, now, ct);
        if (await DueAtAsync(db, ct) is not { } due || due > now)
        {
            return null;
        }

        var digest = new AlertDigest { CreatedAt = now, Status = AlertDigestStatus.Sending, Recipients = string.Join(",", Mail.To) };
        db.AlertDigests.Add(digest);
        await db.SaveChangesAsync(ct);
        var taken = await db.AlertLog
            .Where(a => a.Mailable && a.DigestId == null && a.RaisedAt <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.DigestId, digest.Id), ct);
        if (taken == 0)
        {
            // Another process took them first.
            db.AlertDigests.Remove(digest);
            await db.SaveChangesAsync(ct);
            return null;
        }

        var alerts = await db.AlertLog.AsNoTracking().Where(a => a.DigestId == digest.Id).OrderBy(a => a.Id).ToListAsync(ct);
        var message = Compose(alerts, now);
        try
        {
            await SendAsync(message, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var reason = Describe(ex);
            DigestNotSent(logger, alerts.Count, Mail.Host ?? "", Mail.Port, reason);
            digest.Status = AlertDigestStatus.Failed;
            digest.Error = reason.Length > 1000 ? reason[..1000] : reason;
            digest.AlertCount = alerts.Count;
            await db.AlertLog.Where(a => a.DigestId == digest.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.DigestId, (long?)null), CancellationToken.None);
            await db.SaveChangesAsync(CancellationToken.None);
            return null;
        }

        var sentAt = clock.GetUtcNow();
        digest.Status = AlertDigestStatus.Sent;
        digest.SentAt = sentAt;
        digest.AlertCount = alerts.Count;
        await db.AlertLog.Where(a => a.DigestId == digest.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.MailedAt, sentAt), CancellationToken.None);
        await db.SaveChangesAsync(CancellationToken.None);
        DigestSent(logger, digest.Id, alerts.Count, Mail.To.Count);
        return digest.Id;
    }

    /// <summary>The digest mail: one line per alert kind and key, repeats counted, the loudest first.</summary>
    internal MimeMessage Compose(IReadOnlyList<AlertLogEntry> alerts, DateTimeOffset now)
    {
        var lines = alerts
            .GroupBy(a => a.Key is null ? $"#{a.Id.ToString(CultureInfo.InvariantCulture)}" : a.Kind + "\n" + a.Key)
            .Select(g => (First: g.OrderBy(a => a.Id).First(), Count: g.Count(), Severity: g.Max(a => a.Severity), Last: g.Max(a => a.RaisedAt)))
            .OrderByDescending(l => l.Severity)
            .ThenBy(l => l.First.Id)
            .ToList();
        var bySeverity = alerts.GroupBy(a => a.Severity).OrderByDescending(g => g.Key)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}"));

        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"{alerts.Count} alerts since the last digest ({string.Join(", ", bySeverity)}), {now:yyyy-MM-dd HH:mm} UTC.").AppendLine().AppendLine();
        foreach (var (first, count, severity, last) in lines)
        {
            body.Append(CultureInfo.InvariantCulture, $"[{severity}] {first.Kind}: {first.Subject}");
            if (count > 1)
            {
                body.Append(CultureInfo.InvariantCulture, $" (×{count}, {first.RaisedAt:HH:mm:ss}–{last:HH:mm:ss} UTC)");
            }
            else
            {
                body.Append(CultureInfo.InvariantCulture, $" ({first.RaisedAt:HH:mm:ss} UTC)");
            }

            body.AppendLine();
            foreach (var detail in first.Detail.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(DetailLinesPerAlert))
            {
                body.Append("    ").AppendLine(detail);
            }
        }

        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(Mail.From!));
        foreach (var to in Mail.To)
        {
            message.To.Add(MailboxAddress.Parse(to));
        }

        var worst = lines.Count > 0 ? lines[0].Severity : AlertSeverity.Info;
        message.Subject = string.Create(CultureInfo.InvariantCulture, $"{Mail.Subject} {alerts.Count} alert{(alerts.Count == 1 ? "" : "s")} ({worst.ToString().ToLowerInvariant()})").Trim();
        message.Date = now;
        message.Body = new TextPart("plain") { Text = body.ToString() };
        return message;
    }

    private async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        using var smtp = new SmtpClient { Timeout = Mail.TimeoutSeconds * 1000 };
        var security = Mail.Security switch
        {
            MailSecurity.Tls => SecureSocketOptions.StartTls,
            MailSecurity.Ssl => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.None,
        };
        await smtp.ConnectAsync(Mail.Host!, Mail.Port, security, ct);
        if (!string.IsNullOrWhiteSpace(Mail.Username))
        {
            await smtp.AuthenticateAsync(Mail.Username, Mail.Password ?? "", ct);
        }

        await smtp.SendAsync(message, ct);
        await smtp.DisconnectAsync(quit: true, ct);
    }

    /// <summary>Oldest waiting alert and last digest attempt, both a window old.</summary>
    private async Task<DateTimeOffset?> DueAtAsync(ConnectorDbContext db, CancellationToken ct)
    {
        var oldest = await db.AlertLog.Where(a => a.Mailable && a.DigestId == null).OrderBy(a => a.RaisedAt).Select(a => (DateTimeOffset?)a.RaisedAt).FirstOrDefaultAsync(ct);
        if (oldest is null)
        {
            return null;
        }

        // The last attempt, sent or not: a refused digest is tried again one window later, not in a loop.
        var lastAttempt = await db.AlertDigests.OrderByDescending(d => d.Id).Select(d => (DateTimeOffset?)d.CreatedAt).FirstOrDefaultAsync(ct);
        var due = oldest.Value + Window;
        return lastAttempt is { } last && last + Window > due ? last + Window : due;
    }

    /// <summary>A process that died while sending leaves its digest in Sending: its alerts wait again after a while.</summary>
    private async Task ReleaseAbandonedAsync(ConnectorDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = now - TimeSpan.FromSeconds(Mail.TimeoutSeconds * 4) - Window;
        var abandoned = await db.AlertDigests.Where(d => d.Status == AlertDigestStatus.Sending && d.CreatedAt < cutoff).Select(d => d.Id).ToListAsync(ct);
        if (abandoned.Count == 0)
        {
            return;
        }

        await db.AlertLog.Where(a => a.DigestId != null && abandoned.Contains(a.DigestId.Value)).ExecuteUpdateAsync(s => s.SetProperty(a => a.DigestId, (long?)null), ct);
        await db.AlertDigests.Where(d => abandoned.Contains(d.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, AlertDigestStatus.Failed).SetProperty(d => d.Error, "abandoned while sending"), ct);
    }

    /// <summary>The failure in one line, without anything the SMTP exchange was given (the password never appears).</summary>
    private string Describe(Exception ex)
    {
        var text = ex.GetType().Name + ": " + ex.Message.ReplaceLineEndings(" ");
        if (!string.IsNullOrEmpty(Mail.Password))
        {
            text = text.Replace(Mail.Password, "***", StringComparison.Ordinal);
        }

        return text;
    }

    private ConnectorDbContext CreateContext() =>
        new(ConnectorDatabase.CreateOptions(settings.Database.Provider, settings.Database.ConnectionString), clock);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert digest of {Count} alerts not sent to {Host}:{Port}, kept for the next window: {Reason}")]
    private static partial void DigestNotSent(ILogger logger, int count, string host, int port, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert digest {DigestId} sent: {Count} alerts to {Recipients} recipients")]
    private static partial void DigestSent(ILogger logger, long digestId, int count, int recipients);
}
