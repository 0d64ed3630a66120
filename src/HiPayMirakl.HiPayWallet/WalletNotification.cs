using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace HiPayMirakl.HiPayWallet;

/// <summary><c>status</c> of a notification.</summary>
public enum WalletNotificationStatus
{
    Unknown = 0,
    Ok,
    Nok,
}

/// <summary>
/// A HiPay Wallet server-to-server notification (reference §B.5, predecessor §6.2): the form field <c>xml</c>,
/// parsed with DTDs prohibited and a size cap. Parsing does not verify: call
/// <see cref="WalletNotificationSignature.Verify"/> on the same raw text with the account's salt.
/// </summary>
public sealed record WalletNotification
{
    /// <summary>Real notifications are well under 2 KB; anything above this is refused before parsing.</summary>
    public const int MaxBytes = 64 * 1024;

    public required string Operation { get; init; }

    public required WalletNotificationStatus Status { get; init; }

    public required string RawStatus { get; init; }

    /// <summary><c>date</c> + <c>time</c> ("15:57:27 UTC+0000", "16:39:42 Europe/Paris+0200") with its offset.</summary>
    public DateTimeOffset? OccurredAt { get; init; }

    public required long AccountId { get; init; }

    public string? TransId { get; init; }

    /// <summary>The amount exactly as sent ("113.25").</summary>
    public decimal? Amount { get; init; }

    public string? Currency { get; init; }

    public string? Label { get; init; }

    public string? Message { get; init; }

    public int? DocumentType { get; init; }

    public string? DocumentTypeLabel { get; init; }

    /// <summary>Present on some notifications; a secret, never logged.</summary>
    public string? CallbackSalt { get; init; }

    public required string Md5Content { get; init; }

    /// <summary>The XML text as received, what the signature is checked against.</summary>
    public required string RawXml { get; init; }

    /// <summary>Minor units of <see cref="Amount"/> in <see cref="Currency"/>; null when either is missing.</summary>
    public long? AmountMinor => Amount is { } a && !string.IsNullOrEmpty(Currency) ? WalletAmount.ToMinor(a, Currency) : null;

    public bool Verify(string salt) => WalletNotificationSignature.Verify(RawXml, salt);

    public override string ToString() =>
        $"WalletNotification {{ Operation = {Operation}, Status = {RawStatus}, AccountId = {AccountId}, TransId = {TransId} }}";

    /// <summary>Parses UTF-8 bytes (a BOM is tolerated).</summary>
    public static WalletNotification Parse(ReadOnlySpan<byte> utf8Xml)
    {
        if (utf8Xml.Length > MaxBytes)
        {
            throw new FormatException($"The notification is larger than {MaxBytes} bytes.");
        }

        if (utf8Xml.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            utf8Xml = utf8Xml[3..];
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(utf8Xml);
        }
        catch (DecoderFallbackException ex)
        {
            throw new FormatException("The notification is not valid UTF-8.", ex);
        }

        return Parse(text);
    }

    /// <summary>Parses the decoded value of the form field <c>xml</c>.</summary>
    public static WalletNotification Parse(string formValueXml)
    {
        ArgumentNullException.ThrowIfNull(formValueXml);
        if (formValueXml.Length > MaxBytes)
        {
            throw new FormatException($"The notification is larger than {MaxBytes} characters.");
        }

        var raw = formValueXml.TrimStart('\uFEFF');
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxBytes,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        XDocument doc;
        try
        {
            using var reader = XmlReader.Create(new StringReader(raw), settings);
            doc = XDocument.Load(reader, LoadOptions.None);
        }
        catch (XmlException ex)
        {
            throw new FormatException("The notification is not acceptable XML: " + ex.Message, ex);
        }

        var root = doc.Root;
        if (root is null || root.Name.LocalName != "notification")
        {
            throw new FormatException("The notification root element must be <notification>.");
        }

        var result = root.Element("result") ?? throw new FormatException("The notification has no <result>.");
        var operation = Text(result, "operation") ?? throw new FormatException("The notification has no <operation>.");
        var rawStatus = Text(result, "status") ?? "";
        var accountText = Text(result, "account_id");
        if (!long.TryParse(accountText, NumberStyles.None, CultureInfo.InvariantCulture, out var accountId))
        {
            throw new FormatException("The notification has no numeric <account_id>.");
        }

        var amountText = Text(result, "amount");
        decimal? amount = null;
        if (amountText is not null)
        {
            amount = WalletAmount.ParseDecimal(amountText) ?? throw new FormatException("The notification's <amount> is not a decimal number.");
        }

        var documentTypeText = Text(result, "document_type");
        return new WalletNotification
        {
            Operation = operation,
            RawStatus = rawStatus,
            Status = rawStatus.ToUpperInvariant() switch
            {
                "OK" => WalletNotificationStatus.Ok,
                "NOK" => WalletNotificationStatus.Nok,
                _ => WalletNotificationStatus.Unknown,
            },
            OccurredAt = ParseMoment(Text(result, "date"), Text(result, "time")),
            AccountId = accountId,
            TransId = Text(result, "transid"),
            Amount = amount,
            Currency = Text(result, "currency"),
            Label = Text(result, "label"),
            Message = Text(result, "message"),
            DocumentType = int.TryParse(documentTypeText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var type) ? type : null,
            DocumentTypeLabel = Text(result, "document_type_label"),
            CallbackSalt = Text(result, "callback_salt"),
            Md5Content = Text(root, "md5content") ?? "",
            RawXml = raw,
        };
    }

    /// <summary>"2015-07-29" + "15:57:27 UTC+0000" (or "16:39:42 Europe/Paris+0200"): the offset is the trailing ±hhmm.</summary>
    internal static DateTimeOffset? ParseMoment(string? date, string? time)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) || string.IsNullOrWhiteSpace(time))
        {
            return null;
        }

        var parts = time.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (!TimeOnly.TryParseExact(parts[0], "HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var clock))
        {
            return null;
        }

        var offset = TimeSpan.Zero;
        if (parts.Length == 2 && parts[1].Length >= 5)
        {
            var tail = parts[1][^5..];
            if ((tail[0] == '+' || tail[0] == '-')
                && int.TryParse(tail.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
                && int.TryParse(tail.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes))
            {
                offset = new TimeSpan(hours, minutes, 0);
                if (tail[0] == '-')
                {
                    offset = -offset;
                }
            }
        }

        return new DateTimeOffset(day.ToDateTime(clock), offset);
    }

    private static string? Text(XElement parent, string name) => parent.Element(name)?.Value.Trim() is { Length: > 0 } value ? value : null;
}
