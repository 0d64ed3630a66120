using System.Globalization;
using Simulator.Common;

namespace Simulator.HiPayEnterprise;

/// <summary>Answer of an API call: HTTP status and the document to render.</summary>
internal sealed record ApiAnswer(int Http, WireDoc Doc, bool Camel = true)
{
    public static ApiAnswer Fail(int http, int code, string message, string description) =>
        new(http, EnterpriseWire.Error(code, message, description));
}

/// <summary>Runtime switches of the control API.</summary>
internal sealed record EnterpriseSwitches(bool DeclineAll = false, bool ReturnAll = false, bool Maintenance = false);

/// <summary>
/// The fake gateway's books: orders, SDD transactions and debit agreements, moved through the gateway's documented SDD status
/// sequence on a bank-day calendar (Monday–Friday) of the virtual clock. One lock makes each call atomic.
/// </summary>
internal sealed class EnterpriseState
{
    private readonly Lock _gate = new();
    private readonly HiPayEnterpriseSimulatorOptions _options;
    private readonly VirtualClock _clock;
    private readonly EnterpriseNotifier _notifier;
    private readonly Dictionary<string, SimOrder> _orders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimTransaction> _transactions = new(StringComparer.Ordinal);
    private readonly Dictionary<long, SimAgreement> _agreements = [];
    private readonly Dictionary<string, SimHostedSession> _sessions = new(StringComparer.Ordinal);
    private Random _random;
    private long _nextReference;
    private long _nextAgreementId;

    public EnterpriseState(HiPayEnterpriseSimulatorOptions options, VirtualClock clock, EnterpriseNotifier notifier)
    {
        _options = options;
        _clock = clock;
        _notifier = notifier;
        _random = new Random(options.Seed);
        Reset();
    }

    public EnterpriseSwitches Switches { get; set; } = new();

    public HiPayEnterpriseSimulatorOptions Options => _options;

    public void Reset()
    {
        lock (_gate)
        {
            _orders.Clear();
            _transactions.Clear();
            _agreements.Clear();
            _sessions.Clear();
            _random = new Random(_options.Seed);
            _nextReference = _options.FirstTransactionReference;
            _nextAgreementId = _options.FirstDebitAgreementId;
            Switches = new EnterpriseSwitches();
            _notifier.Reset();
        }
    }

    public object Summary()
    {
        lock (_gate)
        {
            return new
            {
                orders = _orders.Count,
                transactions = _transactions.Count,
                agreements = _agreements.Count,
                capturedMinor = _transactions.Values.Sum(t => t.CapturedMinor),
                chargebackedMinor = _transactions.Values.Sum(t => t.ChargebackedMinor),
                notificationsQueued = _notifier.Sent,
                notificationsWithoutTarget = _notifier.Unaddressed,
                switches = Switches,
            };
        }
    }

    // ---- POST /rest/v1/order --------------------------------------------------------------------------------

    public ApiAnswer CreateOrder(IReadOnlyDictionary<string, string> f, string? ip, Uri requestBase)
    {
        lock (_gate)
        {
            if (ValidateCommon(f, requireProduct: true) is { } error)
            {
                return error;
            }

            var eci = Get(f, "eci") ?? "7";
            if (eci is not ("7" or "9"))
            {
                return ApiAnswer.Fail(400, 1020002, "Unsupported ECI", $"eci {eci} is not supported for sdd (7 first/one-off, 9 recurring).");
            }

            var orderId = f["orderid"];
            if (_orders.TryGetValue(orderId, out var existing) && RefuseReuse(existing) is { } reuse)
            {
                return reuse;
            }

            var notifyUrl = Uri.TryCreate(Get(f, "notify_url"), UriKind.Absolute, out var n) ? n : null;
            return eci == "7" ? FirstDebit(f, existing, ip, notifyUrl, requestBase) : RecurringDebit(f, existing, ip, notifyUrl);
        }
    }

    private ApiAnswer FirstDebit(IReadOnlyDictionary<string, string> f, SimOrder? existing, string? ip, Uri? notifyUrl, Uri requestBase)
    {
        if (MissingOf(f, "iban", "firstname", "lastname") is { } missing)
        {
            return ApiAnswer.Fail(400, 1010101, "Required Parameter Missing", $"Parameter {missing} is required for a first SEPA debit.");
        }

        if (CheckHolder(f) is { } invalid)
        {
            return invalid;
        }

        var order = existing ?? NewOrder(f);
        var agreement = NewAgreement(f, multiUse: Get(f, "recurring_payment") == "1");
        var transaction = NewTransaction(order, 7, ip, notifyUrl, f);
        transaction.Agreement = agreement;
        if (_options.SandboxSddAuthFails)
        {
            agreement.Status = "pending";
            Move(transaction, 109, "declined", last: true);
            transaction.ReasonCode = "4000011";
            transaction.ReasonMessage = "Authentication failed";
            return Answer(transaction);
        }

        if (Get(f, "authentication_indicator") == "1")
        {
            // E-signature: the holder signs the mandate on HiPay's page before anything is requested from the bank.
            agreement.Status = "pending";
            var session = new SimHostedSession
            {
                Uuid = new Guid(RandomBytes(16)).ToString(),
                Order = transaction.Order,
                Fields = f.Where(kv => kv.Key != "iban").ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
                ExpiresAt = _clock.GetUtcNow().AddDays(7),
                Transaction = transaction,
            };
            _sessions[session.Uuid] = session;
            transaction.ForwardUrl = new Uri(_options.HppUrlBase ?? requestBase, "payment/web/sign/" + session.Uuid).AbsoluteUri;
            Move(transaction, 140, "forwarding", last: false);
            return Answer(transaction);
        }

        Move(transaction, 142, _options.FirstPaymentState, last: false);
        ScheduleSettlement(transaction, _options.FirstDebitDelayBankDays);
        return Answer(transaction);
    }

    /// <summary>E-signature page submitted: sign → 141 → 142 (then the usual settlement); cancel → 115.</summary>
    public PageOutcome SubmitSignaturePage(string uuid, IReadOnlyDictionary<string, string> form)
    {
        lock (_gate)
        {
            var shown = GetHostedPage(uuid);
            if (shown.Http != 200 || shown.Session is not { Transaction: { } transaction } session)
            {
                return shown.Http == 200 ? new PageOutcome(404, null, "Unknown signature page.", null) : shown;
            }

            session.Used = true;
            transaction.ForwardUrl = null;
            if (Get(form, "action") == "cancel")
            {
                transaction.Agreement!.Status = "error";
                Move(transaction, 115, "declined", last: true);
                return new PageOutcome(302, Redirect(session, "cancel_url", transaction), null, session);
            }

            transaction.Agreement!.Status = "available";
            Move(transaction, 141, "completed", last: false);
            Move(transaction, 142, _options.FirstPaymentState, last: false);
            ScheduleSettlement(transaction, _options.FirstDebitDelayBankDays);
            return new PageOutcome(302, Redirect(session, "accept_url", transaction), null, session);
        }
    }

    /// <summary>Queues the notification of a transaction's current status again (a provider-side resend).</summary>
    public bool Resend(string reference)
    {
        lock (_gate)
        {
            if (!_transactions.TryGetValue(reference, out var t))
            {
                return false;
            }

            _notifier.Notify(t, last: true);
            return true;
        }
    }

    private ApiAnswer RecurringDebit(IReadOnlyDictionary<string, string> f, SimOrder? existing, string? ip, Uri? notifyUrl)
    {
        var rawId = Get(f, "debit_agreement_id");
        if (rawId is null)
        {
            return ApiAnswer.Fail(400, 1010101, "Required Parameter Missing", "Parameter debit_agreement_id is required for eci 9.");
        }

        if (!long.TryParse(rawId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || !_agreements.TryGetValue(id, out var agreement))
        {
            return ApiAnswer.Fail(400, 1010201, "Invalid Parameter", "debit_agreement_id does not match any debit agreement.");
        }

        ExpireIfIdle(agreement);
        if (agreement.Status != "available")
        {
            return ApiAnswer.Fail(400, 1010201, "Invalid Parameter", $"The debit agreement is {agreement.Status}.");
        }

        if (!agreement.MultiUse && agreement.Collections > 0)
        {
            return ApiAnswer.Fail(400, 1010201, "Invalid Parameter", "The debit agreement was created for a single use.");
        }

        var order = existing ?? NewOrder(f);
        var transaction = NewTransaction(order, 9, ip, notifyUrl, f);
        transaction.Agreement = agreement;
        Move(transaction, 142, "pending", last: false);
        ScheduleSettlement(transaction, _options.RecurringDebitDelayBankDays);
        return Answer(transaction);
    }

    private ApiAnswer Answer(SimTransaction t) => new(200, EnterpriseWire.Transaction(t, _options.Mid, forNotification: false));

    private static ApiAnswer? RefuseReuse(SimOrder order)
    {
        if (order.Transactions.Any(t => t.Status is 118 or 129))
        {
            return ApiAnswer.Fail(400, 3010006, "Order Completed", "This order has already been paid");
        }

        return order.Transactions.Any(t => t.State is "pending" or "completed" or "forwarding")
            ? ApiAnswer.Fail(400, 3010004, "Duplicate Order", "A transaction of this order is still in progress.")
            : null;
    }

    // ---- state machine ------------------------------------------------------------------------------------------

    private void ScheduleSettlement(SimTransaction t, int bankDays)
    {
        var now = _clock.GetUtcNow();
        var due = SimSepa.AddBankDays(now, bankDays);
        _clock.Schedule(due - now, $"sdd settle {t.Reference}", _ => Settle(t.Reference));
    }

    private Task Settle(string reference)
    {
        lock (_gate)
        {
            if (!_transactions.TryGetValue(reference, out var t) || t.Status != 142)
            {
                return Task.CompletedTask;
            }

            var cents = t.Order.AmountMinor % 100;
            if (Switches.DeclineAll || cents == 51)
            {
                t.ReasonCode = "4000003";
                t.ReasonMessage = "Insufficient Funds";
                Move(t, 113, "declined", last: true);
                return Task.CompletedTask;
            }

            if (_options.Emit116BeforeCapture)
            {
                Move(t, 116, "completed", last: false);
            }

            var willReturn = Switches.ReturnAll || cents == 52;
            t.CapturedMinor = t.Order.AmountMinor;
            t.DateAuthorized = _clock.GetUtcNow();
            if (t.Agreement is { } agreement)
            {
                agreement.Collections++;
                agreement.LastActivity = _clock.GetUtcNow();
                ScheduleExpiry(agreement);
            }

            Move(t, 118, "completed", last: !willReturn);
            if (t.Agreement is { } a && a.LastName.Equals("TERMINATED", StringComparison.OrdinalIgnoreCase))
            {
                a.Status = "terminated";
            }

            if (willReturn)
            {
                var now = _clock.GetUtcNow();
                _clock.Schedule(SimSepa.AddBankDays(now, _options.ReturnDelayBankDays) - now, $"sdd return {t.Reference}", _ => Return(t.Reference));
            }
        }

        return Task.CompletedTask;
    }

    private Task Return(string reference)
    {
        lock (_gate)
        {
            if (_transactions.TryGetValue(reference, out var t))
            {
                ChargeBack(t);
            }
        }

        return Task.CompletedTask;
    }

    private bool ChargeBack(SimTransaction t)
    {
        if (t.Status != 118)
        {
            return false;
        }

        t.ChargebackedMinor = t.CapturedMinor;
        Move(t, 129, "completed", last: true);
        return true;
    }

    private void ScheduleExpiry(SimAgreement agreement)
    {
        var now = _clock.GetUtcNow();
        _clock.Schedule(now.AddMonths(_options.AgreementExpiryMonths) - now, $"agreement {agreement.Id} 36-month expiry check", _ =>
        {
            lock (_gate)
            {
                ExpireIfIdle(agreement);
            }

            return Task.CompletedTask;
        });
    }

    private void ExpireIfIdle(SimAgreement agreement)
    {
        if (agreement.Status == "available" && agreement.LastActivity.AddMonths(_options.AgreementExpiryMonths) <= _clock.GetUtcNow())
        {
            agreement.Status = "terminated";
        }
    }

    private void Move(SimTransaction t, int status, string state, bool last)
    {
        t.Status = status;
        t.State = state;
        t.Message = MessageOf(status);
        t.DateUpdated = _clock.GetUtcNow();
        t.History.Add(status);
        _notifier.Notify(t, last);
    }

    public static string MessageOf(int status) => status switch
    {
        101 => "Created",
        109 => "Authentication Failed",
        113 => "Refused",
        115 => "Cancelled",
        116 => "Authorized",
        118 => "Captured",
        124 => "Refund Requested",
        125 => "Refunded",
        129 => "Charged Back",
        140 => "Authentication Requested",
        141 => "Authenticated",
        142 => "Authorization Requested",
        _ => "Unknown",
    };

    // ---- creation helpers -------------------------------------------------------------------------------------

    private SimOrder NewOrder(IReadOnlyDictionary<string, string> f)
    {
        // ValidateCommon has already refused an amount that does not parse.
        var amount = EnterpriseWire.TryParseAmount(f["amount"], out var parsed) ? parsed : 0;
        var order = new SimOrder
        {
            Id = f["orderid"],
            AmountMinor = amount,
            Currency = f["currency"],
            Description = f["description"],
            DateCreated = _clock.GetUtcNow(),
            CustomerId = Get(f, "cid"),
            Language = Get(f, "language"),
            Email = Get(f, "email"),
        };
        _orders[order.Id] = order;
        return order;
    }

    private SimTransaction NewTransaction(SimOrder order, int eci, string? ip, Uri? notifyUrl, IReadOnlyDictionary<string, string> f)
    {
        var now = _clock.GetUtcNow();
        var transaction = new SimTransaction
        {
            Reference = (_nextReference++).ToString(CultureInfo.InvariantCulture),
            Order = order,
            Eci = eci,
            DateCreated = now,
            DateUpdated = now,
            AttemptId = 1,
            Status = 101,
            State = "pending",
            Message = MessageOf(101),
            NotifyUrl = notifyUrl,
            IpAddress = Get(f, "ipaddr") ?? ip,
            CustomData = ParseCustomData(Get(f, "custom_data")),
        };
        order.Transactions.Add(transaction);
        _transactions[transaction.Reference] = transaction;
        return transaction;
    }

    private SimAgreement NewAgreement(IReadOnlyDictionary<string, string> f, bool multiUse)
    {
        var now = _clock.GetUtcNow();
        var agreement = new SimAgreement
        {
            Id = _nextAgreementId++,
            Status = "available",
            MultiUse = multiUse,
            Iban = SimSepa.Normalize(f["iban"]),
            Bic = Get(f, "issuer_bank_id"),
            BankName = Get(f, "bank_name"),
            Gender = Get(f, "gender"),
            FirstName = f["firstname"],
            LastName = f["lastname"],
            ProviderReference = RandomToken(40),
            UniqueId = _random.NextInt64(100_000_000_000_000_000, 999_999_999_999_999_999).ToString("D18", CultureInfo.InvariantCulture),
            AgreementReference = Get(f, "agreement_reference"),
            CreationDate = now,
            LastActivity = now,
        };
        _agreements[agreement.Id] = agreement;
        ScheduleExpiry(agreement);
        return agreement;
    }

    private string RandomToken(int length)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        return string.Create(length, _random, (span, random) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[random.Next(alphabet.Length)];
            }
        });
    }

    private static Dictionary<string, string> ParseCustomData(string? json)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return result;
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    result[property.Name] = property.Value.ValueKind == System.Text.Json.JsonValueKind.String
                        ? property.Value.GetString() ?? ""
                        : property.Value.GetRawText();
                }
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // The gateway echoes what it can; malformed custom_data is simply not echoed.
        }

        return result;
    }

    // ---- validation ---------------------------------------------------------------------------------------------

    private static string? Get(IReadOnlyDictionary<string, string> f, string key) =>
        f.TryGetValue(key, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    private static string? MissingOf(IReadOnlyDictionary<string, string> f, params string[] keys) =>
        keys.FirstOrDefault(k => Get(f, k) is null);

    private static ApiAnswer? ValidateCommon(IReadOnlyDictionary<string, string> f, bool requireProduct)
    {
        var required = requireProduct
            ? new[] { "orderid", "payment_product", "description", "currency", "amount" }
            : ["orderid", "description", "currency", "amount"];
        if (MissingOf(f, required) is { } missing)
        {
            return ApiAnswer.Fail(400, 1010101, "Required Parameter Missing", $"Parameter {missing} is required.");
        }

        if (f["orderid"].Length > 32)
        {
            return ApiAnswer.Fail(400, 1010202, "Invalid Parameter", "orderid is longer than 32 characters.");
        }

        if (f["description"].Length > 255)
        {
            return ApiAnswer.Fail(400, 1010202, "Invalid Parameter", "description is longer than 255 characters.");
        }

        if (!EnterpriseWire.TryParseAmount(f["amount"], out var amount))
        {
            return ApiAnswer.Fail(400, 1010205, "Invalid Parameter", "amount must be a decimal with at most 2 digits after the dot.");
        }

        if (amount <= 0)
        {
            return ApiAnswer.Fail(400, 1010201, "Invalid Parameter", "amount must be greater than zero.");
        }

        if (requireProduct && Get(f, "payment_product") != "sdd")
        {
            return ApiAnswer.Fail(400, 1020003, "Unsupported Payment Product", "This gateway only offers sdd.");
        }

        if (f["currency"] != "EUR")
        {
            return ApiAnswer.Fail(400, 3010001, "Unsupported Currency", "SEPA Direct Debit is only available in EUR.");
        }

        return Get(f, "ipaddr") is { } ipaddr && !System.Net.IPAddress.TryParse(ipaddr, out _)
            ? ApiAnswer.Fail(400, 1010208, "Invalid IP Address", "ipaddr is not an IP address.")
            : null;
    }

    private static ApiAnswer? CheckHolder(IReadOnlyDictionary<string, string> f)
    {
        if (!SimSepa.IsValidIban(f["iban"]))
        {
            return ApiAnswer.Fail(400, 1010201, "Invalid Parameter", "iban is not a valid SEPA IBAN.");
        }

        foreach (var key in new[] { "firstname", "lastname", "bank_name" })
        {
            if (Get(f, key) is { } value && !SimSepa.IsSepaText(value))
            {
                return ApiAnswer.Fail(400, 1010201, "Invalid Parameter", $"{key} contains invalid characters.");
            }
        }

        return Get(f, "email") is { } email && !email.Contains('@', StringComparison.Ordinal)
            ? ApiAnswer.Fail(400, 1010209, "Invalid Email Address", "email is not an email address.")
            : null;
    }

    // ---- hosted page ---------------------------------------------------------------------------------------------

    public ApiAnswer CreateHostedPayment(IReadOnlyDictionary<string, string> f, Uri requestBase)
    {
        lock (_gate)
        {
            if (ValidateCommon(f, requireProduct: false) is { } error)
            {
                return error;
            }

            var products = Get(f, "payment_product_list") ?? Get(f, "payment_product") ?? "";
            if (!products.Split(',').Contains("sdd", StringComparer.Ordinal))
            {
                return ApiAnswer.Fail(400, 1020003, "Unsupported Payment Product", "payment_product_list must include sdd.");
            }

            if (Get(f, "eci") is { } eci && eci != "7")
            {
                return ApiAnswer.Fail(400, 1020002, "Unsupported ECI", "The hosted page collects a new mandate: eci 7.");
            }

            if (_orders.TryGetValue(f["orderid"], out var existing) && RefuseReuse(existing) is { } reuse)
            {
                return reuse;
            }

            var order = existing ?? NewOrder(f);
            var seconds = long.TryParse(Get(f, "time_limit_to_pay"), NumberStyles.None, CultureInfo.InvariantCulture, out var limit) ? limit : 7 * 24 * 3600;
            var session = new SimHostedSession
            {
                Uuid = new Guid(RandomBytes(16)).ToString(),
                Order = order,
                Fields = f.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
                ExpiresAt = _clock.GetUtcNow().AddSeconds(seconds),
            };
            _sessions[session.Uuid] = session;
            var root = _options.HppUrlBase ?? requestBase;
            var doc = new WireDoc()
                .Add("forward_url", new Uri(root, "payment/web/pay/" + session.Uuid).AbsoluteUri)
                .Add("test", WireRaw.Of(true))
                .Add("mid", _options.Mid)
                .Add("order", EnterpriseWire.Order(order, order.Transactions.Count))
                .Add("number_retry", WireRaw.Of(3));
            return new ApiAnswer(200, doc);
        }
    }

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        _random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>What the hosted page shows or does next.</summary>
    internal sealed record PageOutcome(int Http, string? RedirectTo, string? Error, SimHostedSession? Session);

    public PageOutcome GetHostedPage(string uuid)
    {
        lock (_gate)
        {
            if (!_sessions.TryGetValue(uuid, out var session))
            {
                return new PageOutcome(404, null, "Unknown payment page.", null);
            }

            if (session.Used)
            {
                return new PageOutcome(410, null, "This payment page was already used.", session);
            }

            return session.ExpiresAt <= _clock.GetUtcNow()
                ? new PageOutcome(410, null, "This payment page has expired.", session)
                : new PageOutcome(200, null, null, session);
        }
    }

    /// <summary>Mandate form submitted: 141 → 142 with the debit agreement, then the browser goes to accept_url.</summary>
    public PageOutcome SubmitHostedPage(string uuid, IReadOnlyDictionary<string, string> form)
    {
        lock (_gate)
        {
            var shown = GetHostedPage(uuid);
            if (shown.Http != 200 || shown.Session is not { Transaction: null } session)
            {
                return shown.Http == 200 ? new PageOutcome(404, null, "Unknown payment page.", null) : shown;
            }

            if (Get(form, "action") == "cancel")
            {
                session.Used = true;
                return new PageOutcome(302, Redirect(session, "cancel_url", null), null, session);
            }

            var merged = new Dictionary<string, string>(session.Fields, StringComparer.Ordinal);
            foreach (var (key, value) in form)
            {
                merged[key] = value;
            }

            if (MissingOf(merged, "iban", "firstname", "lastname") is { } missing)
            {
                return new PageOutcome(400, null, $"Please fill in {missing}.", session);
            }

            if (CheckHolder(merged) is not null)
            {
                return new PageOutcome(400, null, "IBAN is invalid or a name contains invalid characters.", session);
            }

            session.Used = true;
            var notifyUrl = Uri.TryCreate(Get(merged, "notify_url"), UriKind.Absolute, out var n) ? n : null;
            var agreement = NewAgreement(merged, multiUse: Get(merged, "recurring_payment") != "0");
            var transaction = NewTransaction(session.Order, 7, null, notifyUrl, merged);
            transaction.Agreement = agreement;
            if (_options.SandboxSddAuthFails)
            {
                agreement.Status = "pending";
                Move(transaction, 109, "declined", last: true);
                return new PageOutcome(302, Redirect(session, "decline_url", transaction), null, session);
            }

            Move(transaction, 141, "completed", last: false);
            Move(transaction, 142, _options.FirstPaymentState, last: false);
            ScheduleSettlement(transaction, _options.FirstDebitDelayBankDays);
            return new PageOutcome(302, Redirect(session, "accept_url", transaction), null, session);
        }
    }

    private string? Redirect(SimHostedSession session, string urlKey, SimTransaction? t)
    {
        // Without the specific URL the customer lands on no page rather than on a misleading accept page.
        var target = Get(session.Fields, urlKey);
        if (target is null)
        {
            return null;
        }

        var parameters = new List<KeyValuePair<string, string>>
        {
            new("orderid", session.Order.Id),
            new("cid", session.Order.CustomerId ?? ""),
            new("state", t?.State ?? ""),
            new("status", t?.Status.ToString(CultureInfo.InvariantCulture) ?? ""),
            new("test", "1"),
            new("reference", t?.Reference ?? ""),
            new("approval", ""),
            new("authorized", Date(t?.DateAuthorized)),
            new("ip", t?.IpAddress ?? ""),
            new("country", ""),
            new("lang", session.Order.Language ?? ""),
            new("email", session.Order.Email ?? ""),
            new("pp", "sdd"),
        };
        parameters.Add(new("hash", SimSepa.SignRedirect(parameters, _notifier.Passphrase, _notifier.Algorithm)));
        var query = string.Join("&", parameters.Where(p => p.Value.Length > 0).Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value)));
        return target + (target.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
    }

    private static string Date(DateTimeOffset? value) => value is null ? "" : EnterpriseWire.Date(value);

    // ---- lookups --------------------------------------------------------------------------------------------------

    public ApiAnswer GetTransaction(string reference)
    {
        lock (_gate)
        {
            return _transactions.TryGetValue(reference, out var t)
                ? new ApiAnswer(200, new WireDoc().Add("transaction", EnterpriseWire.Transaction(t, _options.Mid, forNotification: false)))
                : ApiAnswer.Fail(404, 3000002, "Unknown Transaction", "No transaction matches this reference.");
        }
    }

    /// <summary>One → the transaction; several → {"0":…,"1":…}; none → null (SIM-CHOICE).</summary>
    public ApiAnswer GetTransactionsByOrder(string orderId)
    {
        lock (_gate)
        {
            if (!_orders.TryGetValue(orderId, out var order) || order.Transactions.Count == 0)
            {
                return new ApiAnswer(200, new WireDoc().Add("transaction", null));
            }

            if (order.Transactions.Count == 1)
            {
                return new ApiAnswer(200, new WireDoc().Add("transaction", EnterpriseWire.Transaction(order.Transactions[0], _options.Mid, forNotification: false)));
            }

            var map = new WireDoc();
            for (var i = 0; i < order.Transactions.Count; i++)
            {
                map.Add(i.ToString(CultureInfo.InvariantCulture), EnterpriseWire.Transaction(order.Transactions[i], _options.Mid, forNotification: false));
            }

            return new ApiAnswer(200, new WireDoc().Add("transaction", map));
        }
    }

    // ---- debit agreement without payment ---------------------------------------------------------------------------

    public ApiAnswer CreateDebitAgreement(IReadOnlyDictionary<string, string> f)
    {
        lock (_gate)
        {
            if (MissingOf(f, "payment_product", "currency", "iban", "issuer_bank_id", "bank_name", "gender", "firstname", "lastname") is { } missing)
            {
                return ApiAnswer.Fail(400, 1010101, "Required Parameter Missing", $"Parameter {missing} is required.");
            }

            if (f["payment_product"] != "sdd")
            {
                return ApiAnswer.Fail(400, 1020003, "Unsupported Payment Product", "Debit agreements exist for sdd only.");
            }

            if (f["currency"] != "EUR")
            {
                return ApiAnswer.Fail(400, 3010001, "Unsupported Currency", "SEPA Direct Debit is only available in EUR.");
            }

            if (f["gender"] is not ("M" or "F"))
            {
                return ApiAnswer.Fail(400, 1010201, "Invalid Parameter", "gender must be M or F.");
            }

            if (Get(f, "agreement_reference") is { Length: > 35 })
            {
                return ApiAnswer.Fail(400, 1010202, "Invalid Parameter", "agreement_reference is longer than 35 characters.");
            }

            if (CheckHolder(f) is { } invalid)
            {
                return invalid;
            }

            var agreement = NewAgreement(f, multiUse: true);
            return new ApiAnswer(200, EnterpriseWire.Agreement(agreement), Camel: false);
        }
    }

    // ---- maintenance -----------------------------------------------------------------------------------------------

    public ApiAnswer Maintenance(string reference, IReadOnlyDictionary<string, string> f)
    {
        lock (_gate)
        {
            if (!_transactions.TryGetValue(reference, out var t))
            {
                return ApiAnswer.Fail(404, 3000002, "Unknown Transaction", "No transaction matches this reference.");
            }

            switch (Get(f, "operation"))
            {
                case null:
                    return ApiAnswer.Fail(400, 1010101, "Required Parameter Missing", "Parameter operation is required.");
                case "capture":
                    return ApiAnswer.Fail(400, 3020102, "Capture Not Allowed", "SEPA Direct Debit transactions are captured by the scheme.");
                case "cancel":
                    return ApiAnswer.Fail(400, 3020401, "Void Not Allowed", "SEPA Direct Debit transactions cannot be cancelled.");
                case "refund":
                    return Refund(t, f);
                default:
                    return ApiAnswer.Fail(400, 3000101, "Unsupported Operation", "Operation not supported for sdd.");
            }
        }
    }

    private ApiAnswer Refund(SimTransaction t, IReadOnlyDictionary<string, string> f)
    {
        string? iban = null;
        if (Get(f, "payment_product_parameters") is { } json)
        {
            try
            {
                using var document = System.Text.Json.JsonDocument.Parse(json);
                iban = document.RootElement.TryGetProperty("iban", out var value) ? value.GetString() : null;
            }
            catch (System.Text.Json.JsonException)
            {
                return ApiAnswer.Fail(400, 1010201, "Invalid Parameter", "payment_product_parameters must be JSON.");
            }
        }

        if (iban is null || !SimSepa.IsValidIban(iban))
        {
            return ApiAnswer.Fail(400, 3020202, "Refund Not Allowed", "An sdd refund needs payment_product_parameters {\"iban\":…}.");
        }

        if (t.Status is not (118 or 126))
        {
            return ApiAnswer.Fail(400, 3020211, "Transaction Closed", "Only a captured transaction can be refunded.");
        }

        var amount = t.CapturedMinor - t.RefundedMinor;
        if (Get(f, "amount") is { } text && (!EnterpriseWire.TryParseAmount(text, out amount) || amount <= 0))
        {
            return ApiAnswer.Fail(400, 3020208, "Invalid Amount", "amount must be greater than zero.");
        }

        if (amount > t.CapturedMinor - t.RefundedMinor)
        {
            return ApiAnswer.Fail(400, 3020210, "Amount Exceeded", "amount is higher than the remaining captured amount.");
        }

        var now = _clock.GetUtcNow();
        t.LastOperation = (Get(f, "operation_id") ?? "", "refund", amount, now);
        var partial = amount < t.CapturedMinor - t.RefundedMinor;
        Move(t, 124, "completed", last: false);
        _clock.Schedule(SimSepa.AddBankDays(now, 1) - now, $"sdd refund {t.Reference}", _ =>
        {
            lock (_gate)
            {
                t.RefundedMinor += amount;
                Move(t, partial ? 126 : 125, "completed", last: true);
            }

            return Task.CompletedTask;
        });
        var doc = new WireDoc()
            .Add("operation", "refund")
            .Add("test", "true")
            .Add("mid", _options.Mid)
            .Add("authorization_code", "")
            .Add("transaction_reference", t.Reference)
            .Add("date_created", EnterpriseWire.Date(t.DateCreated))
            .Add("date_updated", EnterpriseWire.Date(now))
            .Add("date_authorized", EnterpriseWire.Date(t.DateAuthorized))
            .Add("status", "124")
            .Add("message", "Refund Requested")
            .Add("authorized_amount", EnterpriseWire.Amount(t.Order.AmountMinor))
            .Add("captured_amount", EnterpriseWire.Amount(t.CapturedMinor))
            .Add("refunded_amount", EnterpriseWire.Amount(t.RefundedMinor))
            .Add("decimals", "2")
            .Add("currency", t.Order.Currency);
        return new ApiAnswer(200, doc);
    }

    // ---- control API -------------------------------------------------------------------------------------------------

    public IReadOnlyList<object> Transactions()
    {
        lock (_gate)
        {
            return _transactions.Values.OrderBy(t => t.Reference, StringComparer.Ordinal).Select(t => (object)new
            {
                reference = t.Reference,
                orderId = t.Order.Id,
                eci = t.Eci,
                status = t.Status,
                state = t.State,
                amountMinor = t.Order.AmountMinor,
                currency = t.Order.Currency,
                capturedMinor = t.CapturedMinor,
                refundedMinor = t.RefundedMinor,
                chargebackedMinor = t.ChargebackedMinor,
                debitAgreementId = t.Agreement?.Id,
                reasonCode = t.ReasonCode,
                history = t.History.ToArray(),
                dateCreated = t.DateCreated,
                dateUpdated = t.DateUpdated,
            }).ToList();
        }
    }

    public IReadOnlyList<object> Agreements()
    {
        lock (_gate)
        {
            return _agreements.Values.OrderBy(a => a.Id).Select(a => (object)new
            {
                id = a.Id,
                status = a.Status,
                multiUse = a.MultiUse,
                iban = SimSepa.Mask(a.Iban),
                firstName = a.FirstName,
                lastName = a.LastName,
                collections = a.Collections,
                creationDate = a.CreationDate,
                lastActivity = a.LastActivity,
            }).ToList();
        }
    }

    public object Books()
    {
        lock (_gate)
        {
            return new
            {
                currency = "EUR",
                requestedMinor = _transactions.Values.Where(t => t.Status != 109).Sum(t => t.Order.AmountMinor),
                pendingMinor = _transactions.Values.Where(t => t.Status == 142).Sum(t => t.Order.AmountMinor),
                capturedMinor = _transactions.Values.Sum(t => t.CapturedMinor),
                refusedMinor = _transactions.Values.Where(t => t.Status is 113 or 109).Sum(t => t.Order.AmountMinor),
                chargebackedMinor = _transactions.Values.Sum(t => t.ChargebackedMinor),
                refundedMinor = _transactions.Values.Sum(t => t.RefundedMinor),
                netMinor = _transactions.Values.Sum(t => t.CapturedMinor - t.ChargebackedMinor - t.RefundedMinor),
                byStatus = _transactions.Values.GroupBy(t => t.Status).OrderBy(g => g.Key)
                    .ToDictionary(g => g.Key.ToString(CultureInfo.InvariantCulture), g => g.Count()),
            };
        }
    }

    /// <summary>Seeds an agreement as if created earlier (e.g. imported mandates); returns its id.</summary>
    public long SeedAgreement(string iban, string firstName, string lastName, string status, DateTimeOffset? lastActivity, bool multiUse)
    {
        lock (_gate)
        {
            var f = new Dictionary<string, string>(StringComparer.Ordinal) { ["iban"] = iban, ["firstname"] = firstName, ["lastname"] = lastName };
            var agreement = NewAgreement(f, multiUse);
            agreement.Status = status;
            if (lastActivity is { } at)
            {
                agreement.LastActivity = at;
            }

            return agreement.Id;
        }
    }

    public bool SetAgreementStatus(long id, string status)
    {
        lock (_gate)
        {
            if (!_agreements.TryGetValue(id, out var agreement))
            {
                return false;
            }

            agreement.Status = status;
            return true;
        }
    }

    /// <summary>A debtor return / chargeback on a captured transaction (129).</summary>
    public bool ReturnTransaction(string reference)
    {
        lock (_gate)
        {
            return _transactions.TryGetValue(reference, out var t) && ChargeBack(t);
        }
    }

    public static bool IsKnownAgreementStatus(string status) =>
        status is "pending" or "available" or "terminated" or "suspended" or "error";
}
