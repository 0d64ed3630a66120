using HiPayMirakl.Core.Persistence;
using HiPayMirakl.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace HiPayMirakl.IntegrationTests.Persistence;

public sealed class MigrationTests
{
    private static readonly string[] ExpectedTables =
    [
        "alert_digests", "alert_log", "api_keys", "approval_decisions", "approval_holds", "approval_rule_versions", "batches", "invoice_backlog", "job_leases", "leg_overrides", "legs", "log_general", "log_legs", "log_vendors",
        "notification_inbox", "reconciliation_findings", "reconciliation_runs", "sdd_leg_links", "sdd_mandates", "sdd_payment_log", "sdd_payments", "sdd_retired_orders", "sdd_schedules", "vendor_documents", "vendors",
        // The scheduler's job store (Quartz.NET's schema, created by our Scheduler migration).
        "qrtz_blob_triggers", "qrtz_calendars", "qrtz_cron_triggers", "qrtz_execution_history", "qrtz_fired_triggers", "qrtz_job_details", "qrtz_job_status",
        "qrtz_locks", "qrtz_misfire_history", "qrtz_paused_job_grps", "qrtz_paused_trigger_grps", "qrtz_scheduler_state", "qrtz_simple_triggers",
        "qrtz_simprop_triggers", "qrtz_triggers",
        "role_claims", "roles", "user_claims", "user_logins", "user_roles", "user_tokens", "users",
    ];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migrate_EmptyDatabase_CreatesEveryTableOfTheModel(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        var result = await CliRunner.RunAsync(["migrate", .. database.CliDatabaseArgs()]);

        Assert.True(result.ExitCode == 0, result.Error);
        // The MySQL set started later, from the model of its day, as one migration.
        Assert.Contains(provider == DatabaseProvider.MySql ? "applied 2 migration" : "applied 6 migration", result.Output, StringComparison.Ordinal);
        await using var db = database.CreateContext();
        var schema = await SchemaReader.ReadAsync(db);
        Assert.Equal(ExpectedTables.Order(StringComparer.Ordinal), schema.Tables.Order(StringComparer.Ordinal));
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            foreach (var property in entity.GetProperties())
            {
                Assert.Contains($"{table}.{property.GetColumnName()}", schema.Columns);
            }
        }

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task Migrate_MySqlAndPostgres_GiveTheSameTablesColumnsAndUniqueIndexes()
    {
        await using var mysql = await TestDatabase.CreateAsync(DatabaseProvider.MySql);
        await using var postgres = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var migrated = await CliRunner.RunAsync(["migrate", .. mysql.CliDatabaseArgs()]);
        Assert.True(migrated.ExitCode == 0, migrated.Error);
        Assert.Equal(0, (await CliRunner.RunAsync(["migrate", .. postgres.CliDatabaseArgs()])).ExitCode);

        await using var mysqlDb = mysql.CreateContext();
        await using var postgresDb = postgres.CreateContext();
        var a = await SchemaReader.ReadAsync(mysqlDb);
        var b = await SchemaReader.ReadAsync(postgresDb);

        Assert.Equal(b.Columns, a.Columns);
        Assert.Equal(b.UniqueIndexes, a.UniqueIndexes);
        Assert.Contains("ix_legs_invoice_id_kind", a.UniqueIndexes);
        Assert.Contains("ix_legs_merchant_unique_id", a.UniqueIndexes);
        Assert.Contains("ix_notification_inbox_source_dedupe_key", a.UniqueIndexes);
    }

    [Fact]
    public async Task Migrate_SqliteAndPostgres_GiveTheSameTablesColumnsAndUniqueIndexes()
    {
        await using var sqlite = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var postgres = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        Assert.Equal(0, (await CliRunner.RunAsync(["migrate", .. sqlite.CliDatabaseArgs()])).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(["migrate", .. postgres.CliDatabaseArgs()])).ExitCode);

        await using var sqliteDb = sqlite.CreateContext();
        await using var postgresDb = postgres.CreateContext();
        var a = await SchemaReader.ReadAsync(sqliteDb);
        var b = await SchemaReader.ReadAsync(postgresDb);

        Assert.Equal(a.Columns, b.Columns);
        Assert.Equal(a.UniqueIndexes, b.UniqueIndexes);
        Assert.Contains("ix_legs_invoice_id_kind", a.UniqueIndexes);
        Assert.Contains("ix_legs_merchant_unique_id", a.UniqueIndexes);
        Assert.Contains("ix_notification_inbox_source_dedupe_key", a.UniqueIndexes);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migrate_Twice_SecondRunChangesNothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await CliRunner.RunAsync(["migrate", .. database.CliDatabaseArgs()]);

        var second = await CliRunner.RunAsync(["migrate", .. database.CliDatabaseArgs()]);

        Assert.Equal(0, second.ExitCode);
        Assert.Contains("up to date", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_UnreachablePostgres_ExitsNonZeroWithOneLineAndNoPassword()
    {
        var result = await CliRunner.RunAsync(
            "migrate", "--set", "Database:Provider=Postgres",
            "--set", "Database:ConnectionString=Host=127.0.0.1;Port=1;Username=x;Password=hunter2;Timeout=2");

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.DoesNotContain("hunter2", result.Error, StringComparison.Ordinal);
        Assert.StartsWith("error:", result.Error, StringComparison.Ordinal);
    }
}
