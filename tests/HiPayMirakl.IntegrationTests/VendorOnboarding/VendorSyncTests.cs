using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using HiPayMirakl.Core.Features.Batches;
using HiPayMirakl.Core.Features.Logs;
using HiPayMirakl.Core.Features.VendorOnboarding;
using HiPayMirakl.Core.Features.Vendors;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayWallet;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.IntegrationTests.VendorOnboarding;

/// <summary>vendor:process on the real host against the Mirakl and Wallet simulators; outcomes read from rows and books.</summary>
public sealed partial class VendorSyncTests
{
    private static readonly HashSet<string> FrontTypes = new(StringComparer.Ordinal)
    {
        "LEGAL_IDENTITY_OF_REPRESENTATIVE", "LEGAL_PROOF_OF_REGISTRATION_NUMBER", "LEGAL_ARTICLES_DISTR_OF_POWERS",
        "SOLE_MAN_BUS_IDENTITY", "SOLE_MAN_BUS_PROOF_OF_REG_NUMBER", "SOLE_MAN_BUS_PROOF_OF_TAX_STATUS",
    };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task VendorSync_TwoHundredSeededShopsSyncedTwice_RightWalletsDocumentsAndBankDetailsOnce(DatabaseProvider provider)
    {
        await using var harness = await ConnectorHarness.StartAsync(provider);
        await harness.MiraklControl.PostSimAsync("/_sim/mirakl/seed", new { shops = 200, cyclesOfInvoices = 0, seed = 11 });
        var shops = await ShopsAsync(harness);
        var documents = await DocumentsAsync(harness, shops.Select(s => s.GetProperty("shop_id").GetInt64()).ToList());
        var optedIn = shops.Where(OptedIn).ToList();
        Assert.Equal(200, shops.Count);
        Assert.InRange(optedIn.Count, 100, 199);

        var (first, summary) = await SyncAsync(harness);

        Assert.Equal(JobRunOutcome.Succeeded, first.Outcome);
        Assert.Equal(200, summary.ShopsSeen);
        Assert.Equal(optedIn.Count, summary.Onboarded);
        Assert.Equal(0, summary.Failed);
        var books = await harness.WalletControl.GetSimAsync("/_sim/wallet/books");
        var accounts = books.GetProperty("accounts").EnumerateArray().ToDictionary(a => a.GetProperty("accountId").GetInt64());
        await using (var db = harness.CreateDbContext())
        {
            var vendors = await db.Vendors.ToDictionaryAsync(v => v.MiraklShopId);
            Assert.Equal(optedIn.Count, vendors.Count);
            Assert.Equal(optedIn.Count, accounts.Values.Count(a => a.GetProperty("login").GetString()!.StartsWith("mirakl_", StringComparison.Ordinal)));
            var expectedDocuments = 0;
            var expectedBank = 0;
            var wallet = harness.Services.GetRequiredService<HiPayWalletClient>();
            foreach (var shop in optedIn)
            {
                var shopId = shop.GetProperty("shop_id").GetInt64();
                var vendor = vendors[shopId];
                var account = accounts[vendor.HiPayAccountId!.Value];
                var contact = shop.GetProperty("contact_informations");
                Assert.Equal($"mirakl_{NonAlphanumerics().Replace(shop.GetProperty("shop_name").GetString()!, "")}_{shopId}", account.GetProperty("login").GetString());
                Assert.Equal(contact.GetProperty("email").GetString(), account.GetProperty("email").GetString());
                Assert.Equal(shop.GetProperty("currency_iso_code").GetString(), account.GetProperty("currency").GetString());
                Assert.Equal(contact.GetProperty("country").GetString(), vendor.Country);
                Assert.True(vendor.Enabled);

                var shopDocuments = documents.Where(d => d.GetProperty("shop_id").GetInt64() == shopId).ToList();
                var sendable = shopDocuments.Count(d => FrontTypes.Contains(d.GetProperty("type").GetString()!) && AllowedExtension(d));
                expectedDocuments += sendable;
                var identification = await wallet.GetIdentificationAsync(HiPayAccountRef.ById(vendor.HiPayAccountId.Value));
                Assert.Equal(sendable, identification.Documents.Count(d => d.StatusCode == 1));

                var iban = Iban(shop);
                var hasProof = shopDocuments.Any(d => d.GetProperty("type").GetString() == "ALL_PROOF_OF_BANK_ACCOUNT" && AllowedExtension(d));
                if (hasProof && iban is not null)
                {
                    expectedBank++;
                    Assert.Equal(2, account.GetProperty("bankStatus").GetInt32());
                    Assert.Equal(iban[..4] + new string('*', iban.Length - 8) + iban[^4..], account.GetProperty("iban").GetString());
                    Assert.True(vendor.PaymentBlocked);
                    Assert.Equal(BankInfoStatus.ToValidate, vendor.BankInfoStatus);
                    Assert.Matches("^[0-9a-f]{64}$", vendor.BankInfoFingerprint!);
                }
                else
                {
                    Assert.Equal(1, account.GetProperty("bankStatus").GetInt32());
                }
            }

            Assert.InRange(expectedDocuments, optedIn.Count, 4 * optedIn.Count);
            Assert.InRange(expectedBank, optedIn.Count / 2, optedIn.Count);
            Assert.Equal(expectedDocuments, summary.DocumentsUploaded);
            Assert.Equal(expectedDocuments, await db.VendorDocuments.CountAsync());
            Assert.Equal(expectedBank, summary.BankRegistrations);
            var log = await db.VendorLog.ToListAsync();
            Assert.Equal(optedIn.Count, log.Count);
            Assert.All(log, l => Assert.Equal(first.BatchId, l.BatchId));
            Assert.Equal(expectedDocuments, log.Sum(l => l.DocumentsSent));
            Assert.True(log.Count(l => l.WalletStatus == WalletStatus.Created) == optedIn.Count);
            Assert.DoesNotContain(log, l => l.Message != null && IbanShape().IsMatch(l.Message));
            var badExtensions = documents.Where(d => FrontTypes.Contains(d.GetProperty("type").GetString()!) && !AllowedExtension(d)
                && optedIn.Any(o => o.GetProperty("shop_id").GetInt64() == d.GetProperty("shop_id").GetInt64())).ToList();
            Assert.NotEmpty(badExtensions);
            Assert.All(badExtensions, d => Assert.Contains(
                $"document {d.GetProperty("id").GetInt64()} ({d.GetProperty("type").GetString()}) not sent: only jpg",
                log.Single(l => l.MiraklShopId == d.GetProperty("shop_id").GetInt64()).Message, StringComparison.Ordinal));
        }

        // Mirakl now says payments are blocked for every shop whose bank details went to HiPay.
        var blockedInMirakl = (await ShopsAsync(harness)).Count(s => s.GetProperty("payment_details").GetProperty("payment_blocked").GetBoolean());
        Assert.True(blockedInMirakl >= summary.BankRegistrations);

        var (second, again) = await SyncAsync(harness);

        Assert.Equal(JobRunOutcome.Succeeded, second.Outcome);
        Assert.Equal(0, again.Onboarded);
        Assert.Equal(optedIn.Count, again.Updated);
        Assert.Equal(0, again.DocumentsUploaded);
        Assert.Equal(0, again.BankRegistrations);
        var booksAfter = await harness.WalletControl.GetSimAsync("/_sim/wallet/books");
        Assert.Equal(books.GetProperty("accounts").GetRawText(), booksAfter.GetProperty("accounts").GetRawText());
        Assert.Equal(books.GetProperty("transactions").GetRawText(), booksAfter.GetProperty("transactions").GetRawText());
        await using (var db = harness.CreateDbContext())
        {
            Assert.Equal(optedIn.Count, await db.Vendors.CountAsync());
            Assert.Equal(summary.DocumentsUploaded, await db.VendorDocuments.CountAsync());
            var secondLog = await db.VendorLog.Where(l => l.BatchId == second.BatchId).ToListAsync();
            Assert.Equal(optedIn.Count, secondLog.Count);
            Assert.Equal(0, secondLog.Sum(l => l.DocumentsSent));

            // A document sent twice would come back refused by HiPay (one of that type already waiting).
            Assert.DoesNotContain(secondLog, l => l.Message != null && l.Message.Contains("refused by HiPay", StringComparison.Ordinal));
            Assert.DoesNotContain(secondLog, l => l.Status == VendorLogStatus.Critical);
        }

        Assert.Empty(Directory.EnumerateFiles(harness.Settings.Runtime.TempPath, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task VendorSync_HiPayProcessTurnedOffThenOn_DisablesThenReenablesTheVendor()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite);
        await harness.MiraklControl.PostSimAsync("/_sim/mirakl/seed", new { shops = 8, cyclesOfInvoices = 0, seed = 5 });
        var shopId = (await ShopsAsync(harness)).First(OptedIn).GetProperty("shop_id").GetInt64();
        await SyncAsync(harness);

        await UpdateShopAsync(harness, new { shop_id = shopId, shop_additional_fields = new[] { new { code = "hipay-process", type = "BOOLEAN", value = "false" } } });
        var (_, off) = await SyncAsync(harness);

        Assert.Equal(1, off.Disabled);
        await using (var db = harness.CreateDbContext())
        {
            Assert.False((await db.Vendors.SingleAsync(v => v.MiraklShopId == shopId)).Enabled);
            var entry = await db.VendorLog.Where(l => l.MiraklShopId == shopId).OrderByDescending(l => l.Id).FirstAsync();
            Assert.False(entry.Enabled);
        }

        await UpdateShopAsync(harness, new { shop_id = shopId, shop_additional_fields = new[] { new { code = "hipay-process", type = "BOOLEAN", value = "true" } } });
        var (_, on) = await SyncAsync(harness);

        Assert.Equal(0, on.Disabled);
        Assert.Equal(0, on.Onboarded);
        await using (var db = harness.CreateDbContext())
        {
            Assert.True((await db.Vendors.SingleAsync(v => v.MiraklShopId == shopId)).Enabled);
            var entry = await db.VendorLog.Where(l => l.MiraklShopId == shopId).OrderByDescending(l => l.Id).FirstAsync();
            Assert.True(entry.Enabled);
            Assert.Contains("re-enabled", entry.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task VendorSync_EmailChangedInMirakl_PatchesTheWalletEmail()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite);
        await harness.MiraklControl.PostSimAsync("/_sim/mirakl/seed", new { shops = 6, cyclesOfInvoices = 0, seed = 9 });
        var shopId = (await ShopsAsync(harness)).First(OptedIn).GetProperty("shop_id").GetInt64();
        await SyncAsync(harness);

        await UpdateShopAsync(harness, new { shop_id = shopId, email = "new.address@example.com" });
        var (result, _) = await SyncAsync(harness);

        Assert.Equal(JobRunOutcome.Succeeded, result.Outcome);
        await using var db = harness.CreateDbContext();
        var vendor = await db.Vendors.SingleAsync(v => v.MiraklShopId == shopId);
        Assert.Equal("new.address@example.com", vendor.Email);
        var books = await harness.WalletControl.GetSimAsync("/_sim/wallet/books");
        var account = books.GetProperty("accounts").EnumerateArray().Single(a => a.GetProperty("accountId").GetInt64() == vendor.HiPayAccountId);
        Assert.Equal("new.address@example.com", account.GetProperty("email").GetString());
    }

    [Fact]
    public async Task VendorSync_EmailAlreadyHasAWallet_LinksItInsteadOfCreatingOne()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite);
        await harness.MiraklControl.PostSimAsync("/_sim/mirakl/seed", new { shops = 6, cyclesOfInvoices = 0, seed = 9 });
        var shop = (await ShopsAsync(harness)).First(OptedIn);
        var shopId = shop.GetProperty("shop_id").GetInt64();
        var email = shop.GetProperty("contact_informations").GetProperty("email").GetString()!;
        await harness.WalletControl.PostSimAsync("/_sim/wallet/accounts", new { accountId = 900002L, email, login = "legacy_login", currency = "EUR", identified = 1 });

        var (result, _) = await SyncAsync(harness);

        Assert.Equal(JobRunOutcome.Succeeded, result.Outcome);
        await using var db = harness.CreateDbContext();
        var vendor = await db.Vendors.SingleAsync(v => v.MiraklShopId == shopId);
        Assert.Equal(900002L, vendor.HiPayAccountId);
        Assert.True(vendor.Identified);
        var books = await harness.WalletControl.GetSimAsync("/_sim/wallet/books");
        Assert.Single(books.GetProperty("accounts").EnumerateArray(), a => string.Equals(a.GetProperty("email").GetString(), email, StringComparison.OrdinalIgnoreCase));
        var entry = await db.VendorLog.SingleAsync(l => l.MiraklShopId == shopId);
        Assert.Equal(WalletStatus.Identified, entry.WalletStatus);
        Assert.Contains("linked", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VendorSync_HiPayAnswersWithAnotherAccount_KeepsTheLinkAndFailsThatShop()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite);
        await harness.MiraklControl.PostSimAsync("/_sim/mirakl/seed", new { shops = 6, cyclesOfInvoices = 0, seed = 9 });
        var shop = (await ShopsAsync(harness)).First(OptedIn);
        var shopId = shop.GetProperty("shop_id").GetInt64();
        var email = shop.GetProperty("contact_informations").GetProperty("email").GetString()!;
        await harness.WalletControl.PostSimAsync("/_sim/wallet/accounts", new { accountId = 900003L, email, login = "other_login", currency = "EUR" });
        await using (var db = harness.CreateDbContext())
        {
            // Linked earlier to a wallet HiPay no longer answers for; the e-mail fallback finds another one.
            db.Vendors.Add(new Vendor { MiraklShopId = shopId, HiPayAccountId = 999999, Email = email, Login = "mirakl_x_" + shopId });
            await db.SaveChangesAsync();
        }

        var (result, summary) = await SyncAsync(harness);

        Assert.Equal(JobRunOutcome.SucceededWithErrors, result.Outcome);
        Assert.Equal(1, summary.Failed);
        await using (var db = harness.CreateDbContext())
        {
            Assert.Equal(999999L, (await db.Vendors.SingleAsync(v => v.MiraklShopId == shopId)).HiPayAccountId);
            var entry = await db.VendorLog.SingleAsync(l => l.MiraklShopId == shopId);
            Assert.Equal(VendorLogStatus.Critical, entry.Status);
            Assert.Contains("refusing to relink", entry.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task VendorSync_MiraklLacksDocumentTypes_BatchFailsAndNothingIsCreated()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite);
        await harness.MiraklControl.PostSimAsync("/_sim/mirakl/seed", new { shops = 4, cyclesOfInvoices = 0, seed = 2 });
        await harness.MiraklControl.PostSimAsync("/_sim/faults", new
        {
            kind = "Malformed",
            method = "GET",
            pathRegex = "^/api/documents$",
            body = """{"documents":[{"code":"ALL_PROOF_OF_BANK_ACCOUNT","entity":"SHOP"}],"total_count":1}""",
        });

        var (result, _) = await SyncAsync(harness);

        Assert.Equal(JobRunOutcome.Failed, result.Outcome);
        await using var db = harness.CreateDbContext();
        var batch = await db.Batches.SingleAsync(b => b.Id == result.BatchId);
        Assert.Equal(BatchStatus.Failed, batch.Status);
        Assert.Contains("not configured", batch.Error, StringComparison.Ordinal);
        Assert.Contains("SOLE_MAN", batch.Error, StringComparison.Ordinal);
        Assert.Equal(0, await db.Vendors.CountAsync());
        var books = await harness.WalletControl.GetSimAsync("/_sim/wallet/books");
        Assert.DoesNotContain(books.GetProperty("accounts").EnumerateArray(), a => a.GetProperty("login").GetString()!.StartsWith("mirakl_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task VendorSync_WalletRefusesOneShop_OthersStillOnboardedAndTheFailureCounted()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite);
        await harness.MiraklControl.PostSimAsync("/_sim/mirakl/seed", new { shops = 10, cyclesOfInvoices = 0, seed = 4 });
        var optedIn = (await ShopsAsync(harness)).Where(OptedIn).ToList();
        var victim = optedIn[1];
        var victimEmail = victim.GetProperty("contact_informations").GetProperty("email").GetString()!;
        await harness.WalletControl.PostSimAsync("/_sim/faults", new
        {
            kind = "Status",
            method = "POST",
            pathRegex = "^/api/user-account$",
            bodyContains = Uri.EscapeDataString(victimEmail),
            statusCode = 500,
        });

        var (result, summary) = await SyncAsync(harness);

        Assert.Equal(JobRunOutcome.SucceededWithErrors, result.Outcome);
        Assert.Equal(1, summary.Failed);
        Assert.Equal(optedIn.Count - 1, summary.Onboarded);
        await using var db = harness.CreateDbContext();
        Assert.Equal(optedIn.Count - 1, await db.Vendors.CountAsync());
        var batch = await db.Batches.SingleAsync(b => b.Id == result.BatchId);
        Assert.Equal(1, batch.ItemsFailed);
        var entry = await db.VendorLog.SingleAsync(l => l.MiraklShopId == victim.GetProperty("shop_id").GetInt64());
        Assert.Equal(VendorLogStatus.Critical, entry.Status);
        Assert.Equal(WalletStatus.NotCreated, entry.WalletStatus);
    }

    [Fact]
    public async Task Cli_MiraklCheckAndVendorProcess_PrintTablesAndJsonAndExitZero()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite);
        await harness.MiraklControl.PostSimAsync("/_sim/mirakl/seed", new { shops = 5, cyclesOfInvoices = 0, seed = 8 });

        var check = await CliRunner.RunAsync([.. harness.CliArgs(), "mirakl:check"]);
        var process = await CliRunner.RunAsync([.. harness.CliArgs(), "vendor:process", "--since", "3650d", "--json"]);
        var again = await CliRunner.RunAsync([.. harness.CliArgs(), "vendor:process", "--since", "3650d"]);

        Assert.True(check.ExitCode == 0, check.Error);
        Assert.Contains("Mirakl configuration OK", check.Output, StringComparison.Ordinal);
        Assert.True(process.ExitCode == 0, process.Error);
        var summary = System.Text.Json.JsonDocument.Parse(process.Output).RootElement.GetProperty("summary");
        Assert.Equal(5, summary.GetProperty("shopsSeen").GetInt32());
        Assert.Equal(0, summary.GetProperty("failed").GetInt32());
        await using var db = harness.CreateDbContext();
        Assert.Equal(summary.GetProperty("onboarded").GetInt32(), await db.Vendors.CountAsync(v => v.HiPayAccountId != null));
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Matches(@"\| ShopsSeen\s+\|\s+5 \|", again.Output);
        Assert.DoesNotContain("VendorSyncSummary", again.Output, StringComparison.Ordinal);
        Assert.Equal(3, await db.Batches.CountAsync(b => b.Status == BatchStatus.Succeeded));
    }

    [Fact]
    public async Task Cli_MiraklCheckWithoutHiPayProcessField_ExitsTwoWithOneLine()
    {
        await using var harness = await ConnectorHarness.StartAsync(DatabaseProvider.Sqlite);
        await harness.MiraklControl.PostSimAsync("/_sim/faults", new
        {
            kind = "Malformed",
            method = "GET",
            pathRegex = "^/api/additional_fields$",
            body = """{"additional_fields":[]}""",
        });

        var check = await CliRunner.RunAsync([.. harness.CliArgs(), "mirakl:check"]);

        Assert.Equal(2, check.ExitCode);
        var line = Assert.Single(check.Error.Trim().Split('\n'));
        Assert.Contains("hipay-process", line, StringComparison.Ordinal);
        await using var db = harness.CreateDbContext();
        Assert.Equal(BatchStatus.Failed, (await db.Batches.SingleAsync()).Status);
    }

    private static async Task<(JobRunResult Result, VendorSyncSummary Summary)> SyncAsync(ConnectorHarness harness)
    {
        VendorSyncSummary summary = new();
        var runner = harness.Services.GetRequiredService<JobRunner>();
        var result = await runner.RunAsync(VendorSyncJob.JobName, null, async (job, ct) =>
        {
            summary = await harness.Services.GetRequiredService<VendorSyncJob>().RunAsync(job, null, ct);
        }, CancellationToken.None);
        return (result, summary);
    }

    private static bool OptedIn(JsonElement shop) =>
        shop.TryGetProperty("shop_additional_fields", out var fields) && fields.ValueKind == JsonValueKind.Array
        && fields.EnumerateArray().Any(f => f.GetProperty("code").GetString() == "hipay-process" && f.GetProperty("value").ToString() == "true");

    private static bool AllowedExtension(JsonElement document) =>
        Path.GetExtension(document.GetProperty("file_name").GetString()!).ToLowerInvariant() is ".pdf" or ".png" or ".jpg" or ".jpeg" or ".gif";

    private static string? Iban(JsonElement shop)
    {
        foreach (var block in new[] { "payment_info", "billing_info" })
        {
            if (shop.TryGetProperty(block, out var info) && info.ValueKind == JsonValueKind.Object && info.TryGetProperty("iban", out var iban) && iban.GetString() is { Length: > 0 } text)
            {
                return text.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
            }
        }

        return null;
    }

    private static async Task<List<JsonElement>> ShopsAsync(ConnectorHarness harness)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/shops?paginate=false");
        request.Headers.TryAddWithoutValidation("Authorization", ConnectorHarness.OperatorKey);
        using var response = await harness.MiraklControl.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return [.. root.GetProperty("shops").EnumerateArray()];
    }

    private static async Task<List<JsonElement>> DocumentsAsync(ConnectorHarness harness, List<long> shopIds)
    {
        var all = new List<JsonElement>();
        foreach (var chunk in shopIds.Chunk(100))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/shops/documents?shop_ids=" + string.Join(',', chunk));
            request.Headers.TryAddWithoutValidation("Authorization", ConnectorHarness.OperatorKey);
            using var response = await harness.MiraklControl.SendAsync(request);
            response.EnsureSuccessStatusCode();
            var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            all.AddRange(root.GetProperty("shop_documents").EnumerateArray());
        }

        return all;
    }

    private static async Task UpdateShopAsync(ConnectorHarness harness, object shop)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/shops") { Content = JsonContent.Create(new { shops = new[] { shop } }) };
        request.Headers.TryAddWithoutValidation("Authorization", ConnectorHarness.OperatorKey);
        using var response = await harness.MiraklControl.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        Assert.Contains("shop_updated", text, StringComparison.Ordinal);
    }

    [GeneratedRegex("[^A-Za-z0-9]")]
    private static partial Regex NonAlphanumerics();

    [GeneratedRegex("[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")]
    private static partial Regex IbanShape();
}
