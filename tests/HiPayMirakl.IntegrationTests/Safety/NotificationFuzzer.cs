using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HiPayMirakl.Core.Features.Inbox;
using HiPayMirakl.Core.Features.Vendors;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayEnterprise;
using HiPayMirakl.HiPayWallet;
using HiPayMirakl.IntegrationTests.Support;
using HiPayMirakl.IntegrationTests.WalletNotifications;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.IntegrationTests.Safety;

/// <summary>What the generator knows about a body it produced.</summary>
public enum FuzzLabel
{
    /// <summary>Signed over what it carries (a valid notification, or a mutation whose signature was recomputed).</summary>
    Genuine,

    /// <summary>Its content was changed after signing, or it carries a signature made without the secret: must never be stored.</summary>
    Forged,

    /// <summary>Noise, truncation, byte flips: may be refused in any clean way; stored only if the signature still holds.</summary>
    Garbage,
}

/// <summary>Per endpoint: what was sent and what came back. The zero counts are the properties.</summary>
public sealed record FuzzEndpointReport(
    string Endpoint,
    int Cases,
    IReadOnlyDictionary<string, int> CasesByKind,
    IReadOnlyDictionary<string, int> AnswersByStatus,
    int ServerErrors,
    int DeferredCannotVerifyNow,
    int NoAnswer,
    int ForgedAccepted,
    int ForgedCases,
    int RowsFromRefusedBodies,
    int InboxRowsBefore,
    int InboxRowsAfter,
    int Accepted,
    double Seconds,
    long GcHeapBeforeBytes,
    long GcHeapAfterBytes,
    long WorkingSetBeforeBytes,
    long WorkingSetAfterBytes,
    IReadOnlyList<string> Failures);

/// <summary>
/// Posts generated notifications at the connector's two notification endpoints and checks, for each endpoint: no 5xx
/// and no connection dropped; no forged body (content changed after signing, a signature made without the secret,
/// a signed block hidden beside a forged one) answered 204; and every inbox row is a body that was answered 204, so a
/// refused body leaves nothing behind. Memory is measured before and after (reported, not asserted).
/// </summary>
public sealed class NotificationFuzzer(ConnectorHarness harness, int seed)
{
    public const long WalletAccountId = 600900;
    public const string WalletSalt = "fuzz-salt";
    private const string Form = "application/x-www-form-urlencoded";
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Adds the wallet account and the vendor the signed wallet notifications name (its salt is the vendor's).</summary>
    public async Task SeedAsync()
    {
        await harness.WalletControl.PostSimAsync("/_sim/wallet/accounts", new { accountId = WalletAccountId, email = "fuzz@example.com", currency = "EUR", callbackSalt = WalletSalt });
        await using var db = harness.CreateDbContext();
        db.Vendors.Add(new Vendor { MiraklShopId = 2901, HiPayAccountId = WalletAccountId, Email = "fuzz@example.com", CallbackSalt = WalletSalt });
        await db.SaveChangesAsync();
    }

    public Task<FuzzEndpointReport> WalletAsync(int cases, int parallelism = 4) =>
        RunAsync("/notifications/hipay-wallet", NotificationSource.HiPayWallet, cases, parallelism, WalletCase);

    public Task<FuzzEndpointReport> EnterpriseAsync(int cases, int parallelism = 4) =>
        RunAsync("/notifications/hipay-enterprise", NotificationSource.HiPayEnterprise, cases, parallelism, EnterpriseCase);

    private async Task<FuzzEndpointReport> RunAsync(string path, NotificationSource source, int cases, int parallelism,
        Func<Random, int, FuzzCase> generate)
    {
        var rowsBefore = await CountRowsAsync(source);
        var (heapBefore, setBefore) = Memory();
        var byKind = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var byStatus = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var acceptedBodies = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        var failures = new ConcurrentQueue<string>();
        int serverErrors = 0, deferredCount = 0, noAnswer = 0, forgedAccepted = 0, forgedCases = 0, accepted = 0, next = -1;
        var clock = Stopwatch.StartNew();
        using var client = new HttpClient { BaseAddress = harness.WebBaseAddress, Timeout = TimeSpan.FromSeconds(60) };

        async Task WorkerAsync(int worker)
        {
            var random = new Random(seed * 7919 + worker);
            int i;
            while ((i = Interlocked.Increment(ref next)) < cases)
            {
                var fuzz = generate(random, i);
                byKind.AddOrUpdate(fuzz.Kind, 1, (_, n) => n + 1);
                if (fuzz.Label == FuzzLabel.Forged)
                {
                    Interlocked.Increment(ref forgedCases);
                }

                int status;
                var deferred = false;
                try
                {
                    using var content = new ByteArrayContent(fuzz.Body);
                    if (fuzz.ContentType is not null)
                    {
                        content.Headers.TryAddWithoutValidation("Content-Type", fuzz.ContentType);
                    }

                    if (fuzz.Signature is not null)
                    {
                        content.Headers.TryAddWithoutValidation("X-ALLOPASS-SIGNATURE", fuzz.Signature);
                    }

                    using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content);
                    status = (int)response.StatusCode;
                    // The wallet endpoint's documented answer when a signature does not match and the account's salt
                    // cannot be read again now (the look-up budget is spent): 503 "Cannot verify now", nothing stored,
                    // so that HiPay delivers it again later. Counted apart; any other 5xx is a failure.
                    deferred = status == 503 && (await response.Content.ReadAsStringAsync()).Contains("\"Cannot verify now\"", StringComparison.Ordinal);
                }
                catch (HttpRequestException ex)
                {
                    Interlocked.Increment(ref noAnswer);
                    Keep(failures, $"#{i} {fuzz.Kind} ({fuzz.Body.Length} bytes): no answer: {ex.Message}");
                    continue;
                }

                byStatus.AddOrUpdate(status.ToString(CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                if (deferred && fuzz.Label != FuzzLabel.Genuine)
                {
                    Interlocked.Increment(ref deferredCount);
                }
                else if (status >= 500)
                {
                    Interlocked.Increment(ref serverErrors);
                    Keep(failures, $"#{i} {fuzz.Kind}: HTTP {status}: {Preview(fuzz.Body)}");
                }
                else if (status == 204)
                {
                    Interlocked.Increment(ref accepted);
                    acceptedBodies.TryAdd(Hash(fuzz.Body), 0);
                    if (fuzz.Label == FuzzLabel.Forged)
                    {
                        Interlocked.Increment(ref forgedAccepted);
                        Keep(failures, $"#{i} {fuzz.Kind}: forged body accepted: {Preview(fuzz.Body)}");
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, parallelism).Select(w => Task.Run(() => WorkerAsync(w))));
        var seconds = clock.Elapsed.TotalSeconds;

        // Every stored row must be a body that was answered 204: a refused body leaves no row.
        var rowsFromRefused = 0;
        await using (var db = harness.CreateDbContext())
        {
            var lastId = 0L;
            while (true)
            {
                var page = await db.Inbox.AsNoTracking().Where(m => m.Source == source && m.Id > lastId).OrderBy(m => m.Id).Take(500)
                    .Select(m => new { m.Id, m.RawBody }).ToListAsync();
                if (page.Count == 0)
                {
                    break;
                }

                foreach (var row in page)
                {
                    if (!acceptedBodies.ContainsKey(Hash(row.RawBody)))
                    {
                        rowsFromRefused++;
                        Keep(failures, $"inbox row {row.Id} is a body that was not answered 204: {Preview(row.RawBody)}");
                    }
                }

                lastId = page[^1].Id;
            }
        }

        var rowsAfter = await CountRowsAsync(source);
        var (heapAfter, setAfter) = Memory();
        return new FuzzEndpointReport(path, cases, new SortedDictionary<string, int>(byKind), new SortedDictionary<string, int>(byStatus),
            serverErrors, deferredCount, noAnswer, forgedAccepted, forgedCases, rowsFromRefused, rowsBefore, rowsAfter, accepted, Math.Round(seconds, 1),
            heapBefore, heapAfter, setBefore, setAfter, [.. failures]);
    }

    private FuzzCase WalletCase(Random random, int i)
    {
        var at = T0.AddSeconds(i);
        string[] operations = ["identification", "bank_info_validation", "document_validation", "capture", "withdraw_validation", "authorization"];
        var operation = operations[random.Next(operations.Length)];
        var signedXml = WalletXml(operation, random.Next(2) == 0 ? "ok" : "nok", at, WalletAccountId, WalletSalt, i);
        switch (random.Next(10))
        {
            case 0:
                return new("wallet:valid", FuzzLabel.Genuine, FormBody(signedXml), Form, null);
            case 1:
            case 2:
            case 3:
            case 4:
            {
                // The existing mutation set (truncation, flips, huge, deep, entity expansion, encodings, bracket keys,
                // garbage, random bytes): re-signed where the document still has a result, so parsing is what is tested.
                var round = random.Next(16);
                var (body, type) = WireFuzz.Mutate(random, signedXml, round, xml => WalletNotificationSignature.WithSignature(xml, WalletSalt));
                return new("wallet:mutation-" + round.ToString("D2", CultureInfo.InvariantCulture), FuzzLabel.Garbage, body, type, null);
            }

            case 5:
            {
                // Content changed after signing: status, account, amount or operation.
                var forged = random.Next(4) switch
                {
                    0 => signedXml.Contains("<status>ok</status>", StringComparison.Ordinal)
                        ? signedXml.Replace("<status>ok</status>", "<status>nok</status>", StringComparison.Ordinal)
                        : signedXml.Replace("<status>nok</status>", "<status>ok</status>", StringComparison.Ordinal),
                    1 => signedXml.Replace("<account_id>" + WalletAccountId.ToString(CultureInfo.InvariantCulture), "<account_id>" + (WalletAccountId + 1).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal),
                    2 => signedXml.Replace("<amount>", "<amount>9", StringComparison.Ordinal).Replace("<operation>" + operation, "<operation>capture", StringComparison.Ordinal),
                    _ => signedXml.Replace("<operation>" + operation + "</operation>", "<operation>" + (operation == "capture" ? "identification" : "capture") + "</operation>", StringComparison.Ordinal),
                };
                return forged == signedXml
                    ? new("wallet:valid", FuzzLabel.Genuine, FormBody(signedXml), Form, null)
                    : new("wallet:forged-content", FuzzLabel.Forged, FormBody(forged), Form, null);
            }

            case 6:
                // Signed with a salt the sender does not have.
                return new("wallet:forged-salt", FuzzLabel.Forged, FormBody(WalletXml(operation, "ok", at, WalletAccountId, "guessed-" + random.Next(1000).ToString(CultureInfo.InvariantCulture), i)), Form, null);
            case 7:
            {
                // The genuine signed block hidden (comment, CDATA, processing instruction, a second result) beside a forged one.
                var start = signedXml.IndexOf("<result>", StringComparison.Ordinal);
                var end = signedXml.IndexOf("</result>", StringComparison.Ordinal) + "</result>".Length;
                var block = signedXml[start..end];
                var forged = block.Replace("<status>nok</status>", "<status>ok</status>", StringComparison.Ordinal).Replace("<account_id>", "<account_id>1", StringComparison.Ordinal);
                var hidden = random.Next(5) switch
                {
                    0 => $"<!--{block}-->{forged}",
                    1 => $"<x><![CDATA[{block}]]></x>{forged}",
                    2 => $"<?x {block}?>{forged}",
                    3 => forged + block,
                    _ => block + forged,
                };
                return new("wallet:hidden-signed-block", FuzzLabel.Forged, FormBody(signedXml[..start] + hidden + signedXml[end..]), Form, null);
            }

            case 8:
            {
                // Bracket-key abuse and duplicated keys around a forged document.
                var forged = signedXml.Replace("<account_id>", "<account_id>7", StringComparison.Ordinal);
                var encoded = WireFuzz.PhpUrlEncode(forged);
                var keys = random.Next(4) switch
                {
                    0 => "xml[" + string.Concat(Enumerable.Repeat("[a]", random.Next(1, 2_000))) + "]=" + encoded,
                    1 => "xml=" + encoded + "&xml[]=" + WireFuzz.PhpUrlEncode(signedXml),
                    2 => "a" + string.Concat(Enumerable.Repeat("[b]", random.Next(1, 5_000))) + "=1&xml=" + encoded,
                    _ => "xml=" + encoded + "&" + string.Join('&', Enumerable.Range(0, random.Next(1, 3_000)).Select(n => "k" + n.ToString(CultureInfo.InvariantCulture) + "[]=x")),
                };
                return new("wallet:bracket-keys", FuzzLabel.Forged, Encoding.ASCII.GetBytes(keys), Form, null);
            }

            default:
            {
                // Billion laughs with a valid-looking signature over the unexpanded text, and deep nesting inside result.
                var bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE notification [" + string.Concat(Enumerable.Range(0, 10).Select(n =>
                        n == 0 ? "<!ENTITY l0 \"lol\">" : $"<!ENTITY l{n} \"{string.Concat(Enumerable.Repeat($"&l{n - 1};", 10))}\">"))
                    + "]>\n" + signedXml[(signedXml.IndexOf("<notification>", StringComparison.Ordinal))..].Replace("<status>", "<status>&l9;", StringComparison.Ordinal);
                return new("wallet:entity-expansion", FuzzLabel.Forged, FormBody(bomb), Form, null);
            }
        }
    }

    private FuzzCase EnterpriseCase(Random random, int i)
    {
        var passphrase = harness.Settings.HiPayEnterprise.Passphrase;
        var reference = (800_000_000_000L + i).ToString(CultureInfo.InvariantCulture);
        int[] statuses = [109, 112, 116, 117, 118, 124, 129, 142, 143, 178];
        var form = $"state=completed&transaction_reference={reference}&status={statuses[random.Next(statuses.Length)].ToString(CultureInfo.InvariantCulture)}&currency=EUR"
            + $"&order%5Bid%5D=FUZZ-{i.ToString(CultureInfo.InvariantCulture)}&order%5Bamount%5D={random.Next(1, 100_000).ToString(CultureInfo.InvariantCulture)}.{random.Next(100).ToString("D2", CultureInfo.InvariantCulture)}&operation%5Bid%5D=op-{i.ToString(CultureInfo.InvariantCulture)}";
        string Sign(byte[] body) => HiPayEnterpriseSignature.Compute(body, passphrase, HiPayEnterpriseSignatureAlgorithm.Sha256);
        FuzzCase SignedCase(string kind, byte[] body, string? type = Form) => new(kind, FuzzLabel.Genuine, body, type, Sign(body));
        var valid = Encoding.ASCII.GetBytes(form);
        switch (random.Next(14))
        {
            case 0:
                return SignedCase("enterprise:valid", valid);
            case 1:
            {
                var bytes = Encoding.ASCII.GetBytes(form[..random.Next(form.Length)]);
                return SignedCase("enterprise:truncated", bytes);
            }

            case 2:
            {
                var bytes = (byte[])valid.Clone();
                for (var n = random.Next(1, 6); n > 0; n--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                return SignedCase("enterprise:flipped-resigned", bytes);
            }

            case 3:
            {
                var depth = random.Next(10, 9_000);
                return SignedCase("enterprise:bracket-keys", Encoding.ASCII.GetBytes(random.Next(3) switch
                {
                    0 => form + "&" + string.Concat(Enumerable.Repeat("a%5B", depth)) + "=1",
                    1 => form + "&custom_data[" + new string('[', random.Next(1, 500)) + "]=x&status[]=1&order[id][]=2",
                    _ => form + "&" + string.Join('&', Enumerable.Range(0, random.Next(1, 3_000)).Select(n => "k" + n.ToString(CultureInfo.InvariantCulture) + "[a][b]=x")),
                }));
            }

            case 4:
            {
                var xml = $"<notification><transaction_reference>{reference}</transaction_reference><status>118</status><state>completed</state><order><id>FUZZ-{i}</id><amount>1.00</amount><currency>EUR</currency></order></notification>";
                var kind = random.Next(4);
                var body = kind switch
                {
                    0 => "<!DOCTYPE n [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>" + xml.Replace("completed", "&c;", StringComparison.Ordinal),
                    1 => xml.Replace("<state>", string.Concat(Enumerable.Repeat("<a>", random.Next(10, 9_000))) + "<state>", StringComparison.Ordinal),
                    2 => xml.Replace("<status>118</status>", "<!--<status>109</status>--><status><![CDATA[118]]></status>", StringComparison.Ordinal),
                    _ => xml,
                };
                return SignedCase("enterprise:xml-" + kind.ToString(CultureInfo.InvariantCulture), Encoding.UTF8.GetBytes(body), random.Next(2) == 0 ? "text/xml" : Form);
            }

            case 5:
            {
                var encodings = new Func<byte[]>[]
                {
                    () => Encoding.Unicode.GetBytes(form),
                    () => Encoding.Latin1.GetBytes(form + "&description=caf\u00e9"),
                    () => [0xEF, 0xBB, 0xBF, .. valid],
                    () => Encoding.ASCII.GetBytes(form + "&description=%C3%28%FF%FE"),
                };
                return SignedCase("enterprise:encoding", encodings[random.Next(encodings.Length)]());
            }

            case 6:
                return SignedCase("enterprise:huge", Encoding.ASCII.GetBytes(form + "&custom_data%5Bx%5D=" + new string('a', random.Next(1_000, 200_000))));
            case 7:
            {
                string[] values = ["decimals=" + random.Next(-5, 40).ToString(CultureInfo.InvariantCulture), "currency=" + new string('Z', random.Next(0, 6)), "status=" + random.NextInt64().ToString(CultureInfo.InvariantCulture),
                    "order%5Bamount%5D=1e400", "date_updated=9999-99-99T99:99:99+9999", "attempt_id=99999999999", "status=-1", "order%5Bamount%5D=-0.01", "transaction_reference="];
                return SignedCase("enterprise:values", Encoding.ASCII.GetBytes(form + "&" + values[random.Next(values.Length)]));
            }

            case 8:
            {
                var noise = new byte[random.Next(1, 4_000)];
                random.NextBytes(noise);
                return random.Next(2) == 0 ? SignedCase("enterprise:random-bytes", noise) : new("enterprise:random-bytes-unsigned", FuzzLabel.Forged, noise, Form, null);
            }

            case 9:
            {
                // Content changed after signing.
                var signature = Sign(valid);
                var changed = random.Next(3) switch
                {
                    0 => form.Replace("status=1", "status=11", StringComparison.Ordinal) + "&status=118",
                    1 => form.Replace("order%5Bamount%5D=", "order%5Bamount%5D=9", StringComparison.Ordinal),
                    _ => form + "&status=118",
                };
                return new("enterprise:forged-content", FuzzLabel.Forged, Encoding.ASCII.GetBytes(changed), Form, signature);
            }

            case 10:
            {
                var wrong = random.Next(4) switch
                {
                    0 => HiPayEnterpriseSignature.Compute(valid, "guessed-" + random.Next(1000).ToString(CultureInfo.InvariantCulture), HiPayEnterpriseSignatureAlgorithm.Sha256),
                    1 => Convert.ToHexStringLower(SHA256.HashData(valid)),
                    2 => "",
                    _ => new string('0', 64),
                };
                return new("enterprise:forged-signature", FuzzLabel.Forged, valid, Form, wrong);
            }

            case 11:
                return new("enterprise:no-signature", FuzzLabel.Forged, valid, Form, null);
            case 12:
            {
                // A signature of another genuine body, replayed onto this one.
                var other = Encoding.ASCII.GetBytes(form.Replace("state=completed", "state=declined", StringComparison.Ordinal));
                return new("enterprise:replayed-signature", FuzzLabel.Forged, valid, Form, Sign(other));
            }

            default:
                return new("enterprise:empty", FuzzLabel.Genuine, [], random.Next(2) == 0 ? Form : null, Sign([]));
        }
    }

    /// <summary>A wallet notification as HiPay lays it out, signed with <paramref name="salt"/>.</summary>
    private static string WalletXml(string operation, string status, DateTimeOffset at, long account, string salt, int i)
    {
        var money = operation is "capture" or "withdraw_validation" or "authorization"
            ? $"""

                        <transid>{(700_000 + i).ToString(CultureInfo.InvariantCulture)}</transid>
                        <amount>{(10 + i % 997).ToString(CultureInfo.InvariantCulture)}.00</amount>
                        <currency>EUR</currency>
                """
            : "";
        var xml = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <notification>
                <md5content>0</md5content>
                <result>
                    <operation>{operation}</operation>
                    <status>{status}</status>
                    <date>{at:yyyy-MM-dd}</date>
                    <time>{at:HH:mm:ss} UTC+0000</time>
                    <account_id>{account.ToString(CultureInfo.InvariantCulture)}</account_id>{money}
                </result>
            </notification>
            """;
        return WalletNotificationSignature.WithSignature(xml, salt);
    }

    private static byte[] FormBody(string xml) => Encoding.ASCII.GetBytes("xml=" + WireFuzz.PhpUrlEncode(xml));

    private async Task<int> CountRowsAsync(NotificationSource source)
    {
        await using var db = harness.CreateDbContext();
        return await db.Inbox.CountAsync(m => m.Source == source);
    }

    private static (long Heap, long WorkingSet) Memory()
    {
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return (heap, process.WorkingSet64);
    }

    private static string Hash(byte[] body) => Convert.ToHexStringLower(SHA256.HashData(body));

    private static string Preview(byte[] body) => Encoding.UTF8.GetString(body[..Math.Min(body.Length, 200)]);

    private static void Keep(ConcurrentQueue<string> failures, string failure)
    {
        if (failures.Count < 50)
        {
            failures.Enqueue(failure);
        }
    }

    private sealed record FuzzCase(string Kind, FuzzLabel Label, byte[] Body, string? ContentType, string? Signature);
}
