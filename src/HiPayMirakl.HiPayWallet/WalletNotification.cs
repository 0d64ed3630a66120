using System.Globalization;
using System.Text;
using System.Xml;

namespace HiPayMirakl.HiPayWallet;

/// <summary><c>status</c> of a notification.</summary>
public enum WalletNotificationStatus
{
    Unknown = 0,
    Ok,
    Nok,
}

/// <summary>
/// A HiPay Wallet server-to-server notification: the XML carried by the form field <c>xml</c> (or posted raw). The
/// checksum covers the text of the <c>&lt;result&gt;</c> element, so the document is read strictly: no DTD, comment,
/// processing instruction (the XML declaration aside), CDATA, attribute or namespace, exactly one
/// <c>&lt;md5content&gt;</c> and one <c>&lt;result&gt;</c> under <c>&lt;notification&gt;</c>, and every field is read
/// from the very text the checksum is computed over (<see cref="SignedResult"/>). Parsing does not verify: call
/// <see cref="Verify"/> with the account's salt.
/// </summary>
public sealed record WalletNotification
{
    /// <summary>Real notifications are well under 2 KB; anything above this is refused before parsing.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>Longest identifier (operation, status, transid, currency) accepted: HiPay's are a few dozen characters.</summary>
    public const int MaxIdentifierLength = 64;

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

    /// <summary>The XML text as received.</summary>
    public required string RawXml { get; init; }

    /// <summary>The <c>&lt;result&gt;…&lt;/result&gt;</c> text as received: what the checksum covers and what the fields were read from.</summary>
    public required string SignedResult { get; init; }

    /// <summary>Minor units of <see cref="Amount"/> in <see cref="Currency"/>; null when either is missing.</summary>
    public long? AmountMinor => Amount is { } a && !string.IsNullOrEmpty(Currency) ? WalletAmount.ToMinor(a, Currency) : null;

    public bool Verify(string salt) => WalletNotificationSignature.Matches(Md5Content, SignedResult, salt);

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
        var md5 = ReadEnvelope(raw);
        var signed = SignedRange(raw);
        var fields = ReadFields(signed);

        var operation = Field(fields, "operation") ?? throw new FormatException("The notification has no <operation>.");
        var rawStatus = Field(fields, "status") ?? "";
        if (!long.TryParse(Field(fields, "account_id"), NumberStyles.None, CultureInfo.InvariantCulture, out var accountId))
        {
            throw new FormatException("The notification has no numeric <account_id>.");
        }

        var transId = Field(fields, "transid");
        var currency = Field(fields, "currency");
        foreach (var (name, value) in new[] { ("operation", operation), ("status", rawStatus), ("transid", transId), ("currency", currency) })
        {
            if (value is { Length: > MaxIdentifierLength })
            {
                throw new FormatException($"The notification's <{name}> is longer than {MaxIdentifierLength} characters.");
            }
        }

        var amountText = Field(fields, "amount");
        decimal? amount = null;
        if (amountText is not null)
        {
            amount = WalletAmount.ParseDecimal(amountText) ?? throw new FormatException("The notification's <amount> is not a decimal number.");
        }

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
            OccurredAt = ParseMoment(Field(fields, "date"), Field(fields, "time")),
            AccountId = accountId,
            TransId = transId,
            Amount = amount,
            Currency = currency,
            Label = Field(fields, "label"),
            Message = Field(fields, "message"),
            DocumentType = int.TryParse(Field(fields, "document_type"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var type) ? type : null,
            DocumentTypeLabel = Field(fields, "document_type_label"),
            CallbackSalt = Field(fields, "callback_salt"),
            Md5Content = md5,
            RawXml = raw,
            SignedResult = signed,
        };
    }

    private static XmlReaderSettings StrictSettings(ConformanceLevel level) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxBytes,
        MaxCharactersFromEntities = 0,
        IgnoreComments = false,
        IgnoreProcessingInstructions = false,
        ConformanceLevel = level,
    };

    /// <summary>
    /// Walks the whole document once and refuses anything that could make the checksummed text differ from the
    /// element acted on. Returns the <c>md5content</c> text.
    /// </summary>
    private static string ReadEnvelope(string raw)
    {
        string? md5 = null;
        var inMd5 = false;
        var results = 0;
        try
        {
            using var reader = XmlReader.Create(new StringReader(raw), StrictSettings(ConformanceLevel.Document));
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.XmlDeclaration:
                    case XmlNodeType.Whitespace:
                    case XmlNodeType.SignificantWhitespace:
                        break;
                    case XmlNodeType.EndElement:
                        inMd5 &= reader.Depth != 1;
                        break;
                    case XmlNodeType.Element:
                        CheckElement(reader, inMd5, ref md5, ref results);
                        inMd5 = reader.Depth == 1 && reader.LocalName == "md5content" && !reader.IsEmptyElement;
                        break;
                    case XmlNodeType.Text:
                        if (inMd5 && reader.Depth == 2)
                        {
                            md5 += reader.Value;
                        }
                        else if (reader.Depth < 3)
                        {
                            throw new FormatException("The notification has text outside its fields.");
                        }

                        break;
                    default:
                        // Comments, processing instructions, CDATA, DTDs: each can hide a second <result> from the
                        // checksum or from the parser, so none is accepted.
                        throw new FormatException($"The notification contains a {reader.NodeType} node, which is not accepted.");
                }
            }
        }
        catch (XmlException ex)
        {
            throw new FormatException("The notification is not acceptable XML: " + ex.Message, ex);
        }

        if (results != 1)
        {
            throw new FormatException("The notification has no <result>.");
        }

        return md5?.Trim() ?? throw new FormatException("The notification has no <md5content>.");
    }

    private static void CheckElement(XmlReader reader, bool inMd5, ref string? md5, ref int results)
    {
        if (reader.Prefix.Length > 0 || reader.NamespaceURI.Length > 0 || reader.HasAttributes)
        {
            throw new FormatException("The notification's elements carry no namespace and no attribute.");
        }

        var name = reader.LocalName;
        if (reader.Depth == 0 && name != "notification")
        {
            throw new FormatException("The notification root element must be <notification>.");
        }

        if (inMd5 || reader.Depth > 2)
        {
            throw new FormatException("The notification's fields must be plain text.");
        }

        if (name == "result" && (reader.Depth != 1 || ++results > 1))
        {
            throw new FormatException("The notification must hold exactly one <result>, directly under <notification>.");
        }

        if (reader.Depth == 1 && name == "md5content")
        {
            md5 = md5 is null ? "" : throw new FormatException("The notification holds more than one <md5content>.");
        }
    }

    /// <summary>
    /// The <c>&lt;result&gt;…&lt;/result&gt;</c> text. With comments, CDATA, processing instructions and DTDs refused
    /// and text content escaped, every literal '&lt;' starts a tag, so the one start tag and the one end tag found here
    /// are those of the element the reader counted.
    /// </summary>
    private static string SignedRange(string raw)
    {
        var starts = TagPositions(raw, "<result");
        var ends = TagPositions(raw, "</result");
        if (starts.Count != 1 || ends.Count != 1 || ends[0] < starts[0])
        {
            throw new FormatException("The notification must hold exactly one <result>.");
        }

        var close = raw.IndexOf('>', ends[0]);
        return close < 0 ? throw new FormatException("The notification's </result> is not closed.") : raw[starts[0]..(close + 1)];
    }

    private static List<int> TagPositions(string raw, string tag)
    {
        var found = new List<int>();
        for (var i = raw.IndexOf(tag, StringComparison.Ordinal); i >= 0; i = raw.IndexOf(tag, i + tag.Length, StringComparison.Ordinal))
        {
            var next = i + tag.Length < raw.Length ? raw[i + tag.Length] : '\0';
            if (next == '>' || next == '/' || XmlConvert.IsWhitespaceChar(next))
            {
                found.Add(i);
            }
        }

        return found;
    }

    /// <summary>The fields, read from the checksummed text itself; a field given twice is ambiguous and refused.</summary>
    private static Dictionary<string, string> ReadFields(string signedResult)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var reader = XmlReader.Create(new StringReader(signedResult), StrictSettings(ConformanceLevel.Document));
            reader.MoveToContent();
            if (reader.LocalName != "result" || reader.IsEmptyElement)
            {
                throw new FormatException("The notification's <result> is empty.");
            }

            reader.Read();
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    var name = reader.LocalName;
                    var value = reader.ReadElementContentAsString().Trim();
                    if (!fields.TryAdd(name, value))
                    {
                        throw new FormatException($"The notification's <{name}> is given twice.");
                    }
                }
                else
                {
                    reader.Read();
                }
            }
        }
        catch (XmlException ex)
        {
            throw new FormatException("The notification's <result> is not acceptable XML: " + ex.Message, ex);
        }

        return fields;
    }

    private static string? Field(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

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
                // An offset beyond ±14:00 (or with minutes past 59) names no moment: the time is informative only, so
                // it is left out rather than failing a notification whose checksum may well be right.
                if (hours > 14 || minutes > 59 || (hours == 14 && minutes > 0))
                {
                    return null;
                }

                offset = new TimeSpan(hours, minutes, 0);
                if (tail[0] == '-')
                {
                    offset = -offset;
                }
            }
        }

        // The first and last day of the calendar cannot take every offset.
        return day.Year is > 1 and < 9999 ? new DateTimeOffset(day.ToDateTime(clock), offset) : null;
    }
}
