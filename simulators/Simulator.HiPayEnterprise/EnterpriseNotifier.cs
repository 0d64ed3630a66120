using System.Globalization;
using System.Text;
using Simulator.Common;

namespace Simulator.HiPayEnterprise;

/// <summary>
/// Signs and queues the gateway's server-to-server notifications on the kit's outbox (at-least-once, retries,
/// duplicate/reorder modes). Order-id prefixes script per-order chaos: DUP- delivers every notification twice,
/// OOO- holds an order's notifications until its last one and releases them newest first.
/// </summary>
internal sealed class EnterpriseNotifier(NotificationOutbox outbox, HiPayEnterpriseSimulatorOptions options)
{
    private readonly Dictionary<string, List<OutgoingNotification>> _held = new(StringComparer.Ordinal);
    private long _sequence;

    /// <summary>Security settings, switchable at runtime (the back office lets merchants change them).</summary>
    public string Passphrase { get; set; } = options.SecretPassphrase;

    public string Algorithm { get; set; } = options.HashAlgorithm;

    public string Format { get; set; } = options.NotificationFormat;

    public int Sent { get; private set; }

    public int Unaddressed { get; private set; }

    /// <summary>Queues the notification of the transaction's current status. <paramref name="last"/>: no later one follows.</summary>
    public void Notify(SimTransaction transaction, bool last)
    {
        var target = transaction.NotifyUrl ?? options.DefaultNotifyUrl;
        if (target is null)
        {
            Unaddressed++;
            return;
        }

        var doc = EnterpriseWire.Transaction(transaction, options.Mid, forNotification: true);
        var xml = string.Equals(Format, "xml", StringComparison.Ordinal);
        var body = Encoding.UTF8.GetBytes(xml ? doc.ToXml("notification") : doc.ToForm());
        var headers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["X-ALLOPASS-SIGNATURE"] = SimSepa.SignBody(body, Passphrase, Algorithm),
            ["User-Agent"] = "Allopass",
        };
        var id = "enterprise-" + (++_sequence).ToString(CultureInfo.InvariantCulture);
        var description = $"{transaction.Status.ToString(CultureInfo.InvariantCulture)} {transaction.Message} txn {transaction.Reference} order {transaction.Order.Id}";
        var notification = new OutgoingNotification(id, target, xml ? "application/xml" : "application/x-www-form-urlencoded", body, headers, description);
        Sent++;

        var orderId = transaction.Order.Id;
        if (orderId.StartsWith("OOO-", StringComparison.Ordinal))
        {
            if (!_held.TryGetValue(transaction.Reference, out var held))
            {
                held = [];
                _held[transaction.Reference] = held;
            }

            held.Add(notification);
            if (!last)
            {
                return;
            }

            _held.Remove(transaction.Reference);
            held.Reverse();
            foreach (var n in held)
            {
                outbox.Enqueue(n, TimeSpan.Zero);
            }

            return;
        }

        outbox.Enqueue(notification, TimeSpan.Zero);
        if (orderId.StartsWith("DUP-", StringComparison.Ordinal))
        {
            outbox.Enqueue(notification with { Id = id + "-dup" }, TimeSpan.Zero);
        }
    }

    public void Reset()
    {
        _held.Clear();
        _sequence = 0;
        Sent = 0;
        Unaddressed = 0;
        Passphrase = options.SecretPassphrase;
        Algorithm = options.HashAlgorithm;
        Format = options.NotificationFormat;
    }
}
