using System.Globalization;
using System.Text;
using HiPayMirakl.Core.Features.Payouts;
using HiPayMirakl.Core.Features.Vendors;
using HiPayMirakl.Core.Persistence;
using HiPayMirakl.HiPayWallet;
using HiPayMirakl.IntegrationTests.Payouts;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySql.Data.MySqlClient;

namespace HiPayMirakl.IntegrationTests.LegacyImport;

/// <summary>
/// The switch from the PHP integration: its state is imported (from its MariaDB database, or from mysql --batch
/// exports), then our cycle runs against HiPay's strict books. What the predecessor paid is never paid again; what it
/// left in flight is settled by looking it up under its own merchant_unique_id.
/// </summary>
public sealed class LegacyImportTests
{
    private const string Mkp = "42";

    private static string Key(string prefix, long invoice, long account) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}_{invoice}_{Mkp}_{account}");

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ImportLegacy_FromMariaDbThenCycle_PaysNothingTwiceAndLooksInFlightUp(DatabaseProvider provider)
    {
        await using var harness = await StartAsync(provider);
        var world = await SeedWorldAsync(harness);
        await using var legacy = await LegacyDatabase.CreateAsync(world);

        await RunImportTwiceAndCycleAsync(harness, world, ["--from-connection", legacy.ConnectionString]);
    }

    [Fact]
    public async Task ImportLegacy_FromTsvExportsThenCycle_PaysNothingTwiceAndLooksInFlightUp()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        var world = await SeedWorldAsync(harness);
        var directory = Path.Combine(Path.GetTempPath(), "hm_legacy_" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        try
        {
            await world.WriteTsvAsync(directory);
            await RunImportTwiceAndCycleAsync(harness, world, ["--from-tsv", directory]);
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }

    [Fact]
    public async Task ImportLegacy_FromParametersYml_ReadsTheDatabaseItNames()
    {
        await using var harness = await StartAsync(DatabaseProvider.Sqlite);
        var world = await SeedWorldAsync(harness);
        await using var legacy = await LegacyDatabase.CreateAsync(world);
        var cs = new MySqlConnectionStringBuilder(legacy.ConnectionString);
        var file = Path.Combine(Path.GetTempPath(), "hm_parameters_" + Guid.NewGuid().ToString("N")[..12] + ".yml");
        await File.WriteAllTextAsync(file, string.Create(CultureInfo.InvariantCulture, $"""
            parameters:
                db.driver: pdo_mysql
                db.host: {cs.Server}
                db.port: {cs.Port}
                db.name: {cs.Database}
                db.username: {cs.UserID}
                db.password: {cs.Password}
            """));
        try
        {
            var result = await CliRunner.RunAsync(["import", "legacy", "--from-parameters", file, "--dry-run", "--json", .. harness.CliArgs()]);

            Assert.True(result.ExitCode == 0, result.Output + result.Error);
            Assert.Contains("\"imported\": " + world.ExpectedRows.ToString(CultureInfo.InvariantCulture), result.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(cs.Password, result.Output + result.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task RunImportTwiceAndCycleAsync(ConnectorHarness harness, LegacyWorld world, string[] source)
    {
        // A dry run reports every row and writes nothing.
        var dry = await CliRunner.RunAsync(["import", "legacy", .. source, "--dry-run", .. harness.CliArgs()]);
        Assert.True(dry.ExitCode == 0, dry.Output + dry.Error);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"would import {world.ExpectedRows}, already imported 0, conflicts 0"), dry.Output, StringComparison.Ordinal);
        Assert.Contains("TRANSFER_REQUESTED → TransferUnknown", dry.Output, StringComparison.Ordinal);
        await using (var db = harness.CreateDbContext())
        {
            Assert.Equal(0, await db.Vendors.CountAsync());
            Assert.Equal(0, await db.Legs.CountAsync());
            Assert.Equal(0, await db.VendorLog.CountAsync());
        }

        var first = await CliRunner.RunAsync(["import", "legacy", .. source, .. harness.CliArgs()]);
        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"imported {world.ExpectedRows}, already imported 0, conflicts 0"), first.Output, StringComparison.Ordinal);

        await using (var db = harness.CreateDbContext())
        {
            var legs = await db.Legs.AsNoTracking().ToDictionaryAsync(l => (l.InvoiceId!, l.Kind));
            Assert.Equal(LegStatus.WithdrawSuccess, legs[("9201", LegKind.SellerPayout)].Status);
            Assert.Equal(LegStatus.WithdrawSuccess, legs[("9201", LegKind.OperatorCommission)].Status);
            Assert.Equal(LegStatus.TransferUnknown, legs[("9202", LegKind.SellerPayout)].Status);
            Assert.Equal(LegStatus.TransferUnknown, legs[("9203", LegKind.SellerPayout)].Status);
            Assert.Equal(LegStatus.Created, legs[("9204", LegKind.SellerPayout)].Status);
            Assert.Equal(Key("SALES", 9202, PayoutWorld.AccountOf(3002)), legs[("9202", LegKind.SellerPayout)].MerchantUniqueId);
            Assert.Equal(3, await db.Vendors.CountAsync());
            var vendor = await db.Vendors.AsNoTracking().SingleAsync(v => v.MiraklShopId == 3001);
            Assert.Equal((PayoutWorld.AccountOf(3001), 7001L, PayoutWorld.SaltOf(3001)), (vendor.HiPayAccountId!.Value, vendor.HiPayUserSpaceId!.Value, vendor.CallbackSalt));
            Assert.Equal(legs.Count, await db.LegLog.CountAsync(l => l.Message!.StartsWith("Imported from legacy")));
            Assert.Equal(3, await db.VendorLog.CountAsync(l => l.Message!.StartsWith("Imported from legacy")));
            Assert.True(await db.VendorLog.AnyAsync(l => l.MiraklShopId == 3001 && l.Message == "Wallet created, accents kept: é"));
        }

        // A second import finds everything already here: the unique keys answer, nothing is inserted.
        var second = await CliRunner.RunAsync(["import", "legacy", .. source, .. harness.CliArgs()]);
        Assert.True(second.ExitCode == 0, second.Output + second.Error);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"imported 0, already imported {world.ExpectedRows}, conflicts 0"), second.Output, StringComparison.Ordinal);

        // What the next vendor sync reads at HiPay: the predecessor kept no bank-details status.
        await using (var db = harness.CreateDbContext())
        {
            await db.Vendors.ExecuteUpdateAsync(s => s.SetProperty(v => v.BankInfoStatus, BankInfoStatus.Validated));
        }

        for (var round = 0; round < 6 && !await AllSettledAsync(harness); round++)
        {
            await PayoutWorld.RunRoundAsync(harness, PayoutWorld.Window);
        }

        await using var check = harness.CreateDbContext();
        var all = await check.Legs.AsNoTracking().OrderBy(l => l.Id).ToListAsync();
        Assert.All(all, l => Assert.Equal(LegStatus.WithdrawSuccess, l.Status));
        Assert.Equal(["9201", "9201", "9202", "9203", "9204", "9205"], all.Select(l => l.InvoiceId!).Order(StringComparer.Ordinal));

        // The in-flight transfers were found at HiPay under the predecessor's keys, not sent again.
        foreach (var invoice in new[] { "9202", "9203" })
        {
            var leg = all.Single(l => l.InvoiceId == invoice);
            Assert.True(await check.LegLog.AnyAsync(e => e.LegId == leg.Id && e.Message!.StartsWith("Found at HiPay")), invoice + " was not looked up");
        }

        // Per invoice and key, HiPay booked one transfer and one withdrawal: the predecessor's and ours together.
        await WalletPosts.AssertExactlyOnceAsync(harness, all);
        Assert.True(await PayoutWorld.BooksBalancedAsync(harness));
    }

    private static async Task<ConnectorHarness> StartAsync(DatabaseProvider provider)
    {
        var harness = await ConnectorHarness.StartAsync(provider);
        harness.Settings.Cycle.RetryBaseDelay = TimeSpan.Zero;
        harness.Settings.Cycle.RetryMaxDelay = TimeSpan.Zero;
        harness.Settings.HiPayWallet.MarketplaceTechnicalId = Mkp;
        return harness;
    }

    private static async Task<bool> AllSettledAsync(ConnectorHarness harness)
    {
        await using var db = harness.CreateDbContext();
        var legs = await db.Legs.AsNoTracking().ToListAsync();
        return legs.Count > 0 && legs.All(l => l.Status == LegStatus.WithdrawSuccess);
    }

    /// <summary>
    /// Shops, wallets and invoices at the simulators, and what the predecessor did at HiPay before the switch: paid
    /// 9201 (seller and commission) to the bank, transferred 9202 (no answer recorded yet) and 9203 (recorded as a
    /// failure: the call timed out after HiPay booked it). 9204 it generated but never sent; 9205 it never saw.
    /// </summary>
    private static async Task<LegacyWorld> SeedWorldAsync(ConnectorHarness harness)
    {
        foreach (var shop in new long[] { 3001, 3002, 3003 })
        {
            await PayoutWorld.SeedVendorAsync(harness, shop, withDbRow: false);
        }

        await PayoutWorld.SeedInvoiceAsync(harness, 9201, 3001, 50.00m, 5.00m);
        await PayoutWorld.SeedInvoiceAsync(harness, 9202, 3002, 20.20m, 0m);
        await PayoutWorld.SeedInvoiceAsync(harness, 9203, 3003, 33.33m, 0m);
        await PayoutWorld.SeedInvoiceAsync(harness, 9204, 3001, 12.34m, 0m);
        await PayoutWorld.SeedInvoiceAsync(harness, 9205, 3002, 7.77m, 0m);
        await PayoutWorld.FundTechnicalAsync(harness, 1_000_000);

        var wallet = harness.Services.GetRequiredService<HiPayWalletClient>();
        async Task<string> TransferAsync(long account, long minor, string key) =>
            Assert.IsType<TransferOutcome.Accepted>(await wallet.TransferAsync(new HiPayTransferRequest(account, "", minor, "EUR", "TRANSFER_" + key))).TransactionId;

        var seller9201 = Key("SALES", 9201, PayoutWorld.AccountOf(3001));
        var commission9201 = Key("COMMISSION", 9201, PayoutWorld.AccountOf(3001));
        var t9201 = await TransferAsync(PayoutWorld.AccountOf(3001), 5000, seller9201);
        var c9201 = await TransferAsync(ConnectorHarness.OperatorAccountId, 500, commission9201);
        var t9202 = await TransferAsync(PayoutWorld.AccountOf(3002), 2020, Key("SALES", 9202, PayoutWorld.AccountOf(3002)));
        await TransferAsync(PayoutWorld.AccountOf(3003), 3333, Key("SALES", 9203, PayoutWorld.AccountOf(3003)));
        await harness.WalletControl.AdvanceClockAsync(TimeSpan.FromMinutes(5));
        var w9201 = Assert.IsType<WithdrawalOutcome.Accepted>(await wallet.WithdrawAsync(
            new HiPayWithdrawalRequest(HiPayAccountRef.ById(PayoutWorld.AccountOf(3001)), 5000, "EUR", "WITHDRAWAL_" + seller9201))).TransactionId;
        var wc9201 = Assert.IsType<WithdrawalOutcome.Accepted>(await wallet.WithdrawAsync(
            new HiPayWithdrawalRequest(HiPayAccountRef.ById(ConnectorHarness.OperatorAccountId), 500, "EUR", "WITHDRAWAL_" + commission9201))).TransactionId;
        await harness.WalletControl.AdvanceClockAsync(TimeSpan.FromMinutes(5));
        await harness.DrainInboxAsync();

        return new LegacyWorld(
            [
                new(1, 3001, PayoutWorld.AccountOf(3001), 7001, PayoutWorld.SaltOf(3001)),
                new(2, 3002, PayoutWorld.AccountOf(3002), 7002, PayoutWorld.SaltOf(3002)),
                new(3, 3003, PayoutWorld.AccountOf(3003), 7003, PayoutWorld.SaltOf(3003)),
            ],
            [
                new(1, 3001, PayoutWorld.AccountOf(3001), "50", 6, "9201", w9201, t9201, seller9201),
                new(2, null, ConnectorHarness.OperatorAccountId, "5", 6, "9201", wc9201, c9201, commission9201),
                new(3, 3002, PayoutWorld.AccountOf(3002), "20.2", 4, "9202", null, t9202, Key("SALES", 9202, PayoutWorld.AccountOf(3002))),
                new(4, 3003, PayoutWorld.AccountOf(3003), "33.33", -9, "9203", null, null, Key("SALES", 9203, PayoutWorld.AccountOf(3003))),
                new(5, 3001, PayoutWorld.AccountOf(3001), "12.34", 1, "9204", null, null, Key("SALES", 9204, PayoutWorld.AccountOf(3001))),
            ]);
    }
}

internal sealed record LegacyVendorRow(long Id, long MiraklId, long HiPayId, long UserSpaceId, string Salt);

internal sealed record LegacyOperationRow(long Id, long? MiraklId, long HiPayId, string Amount, int Status, string Voucher, string? WithdrawId, string? TransferId, string Key);

/// <summary>The predecessor's three tables for a test, as its MariaDB schema or as mysql --batch exports.</summary>
internal sealed record LegacyWorld(IReadOnlyList<LegacyVendorRow> Vendors, IReadOnlyList<LegacyOperationRow> Operations)
{
    public const string Message = "Wallet created, accents kept: é";

    /// <summary>Vendors plus operations: what one import reports (the vendor log rides with its vendor).</summary>
    public int ExpectedRows => Vendors.Count + Operations.Count;

    public async Task WriteTsvAsync(string directory)
    {
        static string Field(object? value) => value switch
        {
            null => "NULL",
            string s => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        static string Lines(string header, IEnumerable<object?[]> rows) =>
            header + "\n" + string.Concat(rows.Select(r => string.Join('\t', r.Select(Field)) + "\n"));

        await File.WriteAllTextAsync(Path.Combine(directory, "vendors.tsv"), Lines(
            "id\tmiraklId\temail\thipayId\thipayUserSpaceId\thipayIdentified\tvatNumber\tcallbackSalt\tenabled\tcountry\tpaymentBlocked",
            Vendors.Select(v => new object?[] { v.Id, v.MiraklId, $"shop-{v.MiraklId}@example.com", v.HiPayId, v.UserSpaceId, 1, null, v.Salt, 1, "FRA", 0 })), Encoding.UTF8);
        await File.WriteAllTextAsync(Path.Combine(directory, "operations.tsv"), Lines(
            "id\tmiraklId\thipayId\tamount\toriginAmount\tcycleDate\twithdrawId\ttransferId\tstatus\tpaymentVoucher\tupdatedAt\twithdrawnAmount\tcreatedAt\tadjustmentIds\tmerchantUniqueId",
            Operations.Select(o => new object?[] { o.Id, o.MiraklId, o.HiPayId, o.Amount, o.MiraklId is null ? null : o.Amount, "2026-03-10 23:01:00", o.WithdrawId, o.TransferId, o.Status, o.Voucher, "2026-03-10 23:30:00", o.WithdrawId is null ? null : o.Amount, null, null, o.Key })), Encoding.UTF8);
        await File.WriteAllTextAsync(Path.Combine(directory, "log_vendors.tsv"), Lines(
            "id\tmiraklId\thipayId\tlogin\tstatusWalletAccount\tstatus\tmessage\tnbDoc\tdate\tenabled\tcountry\tpaymentBlocked",
            Vendors.Select(v => new object?[] { v.Id, v.MiraklId, v.HiPayId, $"mirakl_shop_{v.MiraklId}", 1, 1, Message, 0, "2026-02-01 10:00:00", 1, "FRA", 0 })), Encoding.UTF8);
    }
}

/// <summary>A throwaway MariaDB database with the predecessor's schema (Doctrine's, column names as its properties) and rows.</summary>
internal sealed class LegacyDatabase : IAsyncDisposable
{
    private readonly string _name;

    private LegacyDatabase(string name, string connectionString)
    {
        _name = name;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<LegacyDatabase> CreateAsync(LegacyWorld world)
    {
        var name = "hm_legacy_" + Guid.NewGuid().ToString("N")[..12];
        var admin = TestDatabase.MySqlAdmin();
        await using (var connection = new MySqlConnection(admin))
        {
            await connection.OpenAsync();
            await ExecuteAsync(connection, $"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }

        var cs = new MySqlConnectionStringBuilder(admin) { Database = name, CharacterSet = "utf8mb4" }.ConnectionString;
        await using (var connection = new MySqlConnection(cs))
        {
            await connection.OpenAsync();
            await ExecuteAsync(connection, """
                CREATE TABLE vendors (id INT AUTO_INCREMENT NOT NULL, miraklId INT NOT NULL, email VARCHAR(255) NOT NULL, hipayId INT NOT NULL,
                  hipayUserSpaceId INT DEFAULT NULL, hipayIdentified INT NOT NULL, vatNumber VARCHAR(255) DEFAULT NULL, callbackSalt VARCHAR(255) DEFAULT NULL,
                  enabled TINYINT(1) DEFAULT NULL, country VARCHAR(255) DEFAULT NULL, paymentBlocked TINYINT(1) DEFAULT '0' NOT NULL, PRIMARY KEY(id))
                  DEFAULT CHARACTER SET utf8mb4 ENGINE = InnoDB;
                CREATE TABLE operations (id INT AUTO_INCREMENT NOT NULL, miraklId INT DEFAULT NULL, hipayId INT DEFAULT NULL, amount DOUBLE PRECISION NOT NULL,
                  originAmount DOUBLE PRECISION DEFAULT NULL, cycleDate DATETIME NOT NULL, withdrawId VARCHAR(255) DEFAULT NULL, transferId VARCHAR(255) DEFAULT NULL,
                  status INT NOT NULL, paymentVoucher VARCHAR(255) NOT NULL, updatedAt DATETIME NOT NULL, withdrawnAmount DOUBLE PRECISION DEFAULT NULL,
                  createdAt DATETIME DEFAULT NULL, adjustmentIds VARCHAR(255) DEFAULT NULL, merchantUniqueId VARCHAR(255) DEFAULT NULL,
                  UNIQUE INDEX UNIQ_withdrawId (withdrawId), UNIQUE INDEX UNIQ_transferId (transferId), PRIMARY KEY(id)) DEFAULT CHARACTER SET utf8mb4 ENGINE = InnoDB;
                CREATE TABLE log_vendors (id INT AUTO_INCREMENT NOT NULL, miraklId INT NOT NULL, hipayId INT NOT NULL, login VARCHAR(255) DEFAULT NULL,
                  statusWalletAccount INT NOT NULL, status INT NOT NULL, message VARCHAR(255) DEFAULT NULL, nbDoc INT NOT NULL, date DATETIME NOT NULL,
                  enabled TINYINT(1) DEFAULT NULL, country VARCHAR(255) DEFAULT NULL, paymentBlocked TINYINT(1) DEFAULT '0' NOT NULL, PRIMARY KEY(id))
                  DEFAULT CHARACTER SET utf8mb4 ENGINE = InnoDB;
                """);
            foreach (var v in world.Vendors)
            {
                await ExecuteAsync(connection,
                    "INSERT INTO vendors (id, miraklId, email, hipayId, hipayUserSpaceId, hipayIdentified, callbackSalt, enabled, country, paymentBlocked) VALUES (@id, @shop, @email, @hipay, @space, 1, @salt, 1, 'FRA', 0)",
                    ("@id", v.Id), ("@shop", v.MiraklId), ("@email", $"shop-{v.MiraklId}@example.com"), ("@hipay", v.HiPayId), ("@space", v.UserSpaceId), ("@salt", v.Salt));
                await ExecuteAsync(connection,
                    "INSERT INTO log_vendors (miraklId, hipayId, login, statusWalletAccount, status, message, nbDoc, date, enabled, country) VALUES (@shop, @hipay, @login, 1, 1, @message, 0, '2026-02-01 10:00:00', 1, 'FRA')",
                    ("@shop", v.MiraklId), ("@hipay", v.HiPayId), ("@login", $"mirakl_shop_{v.MiraklId}"), ("@message", LegacyWorld.Message));
            }

            foreach (var o in world.Operations)
            {
                await ExecuteAsync(connection,
                    "INSERT INTO operations (id, miraklId, hipayId, amount, originAmount, cycleDate, withdrawId, transferId, status, paymentVoucher, updatedAt, withdrawnAmount, merchantUniqueId) "
                    + "VALUES (@id, @shop, @hipay, @amount, @origin, '2026-03-10 23:01:00', @wid, @tid, @status, @voucher, '2026-03-10 23:30:00', @withdrawn, @key)",
                    ("@id", o.Id), ("@shop", o.MiraklId), ("@hipay", o.HiPayId), ("@amount", o.Amount),
                    ("@origin", o.MiraklId is null ? null : o.Amount), ("@wid", o.WithdrawId), ("@tid", o.TransferId),
                    ("@status", o.Status), ("@voucher", o.Voucher), ("@withdrawn", o.WithdrawId is null ? null : o.Amount), ("@key", o.Key));
            }
        }

        return new LegacyDatabase(name, cs);
    }

    public async ValueTask DisposeAsync()
    {
        MySqlConnection.ClearAllPools();
        await using var connection = new MySqlConnection(TestDatabase.MySqlAdmin());
        await connection.OpenAsync();
        await ExecuteAsync(connection, $"DROP DATABASE IF EXISTS `{_name}`");
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = new MySqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        await command.ExecuteNonQueryAsync();
    }
}
