using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Alerts;
using HiPayMirakl.Core.Persistence;
using Microsoft.Extensions.Configuration;

namespace HiPayMirakl.UnitTests.Configuration;

public sealed class LegacyParametersTests
{
    /// <summary>Every key of the predecessor's parameters.yml.dist, filled as an operator would.</summary>
    private const string FullFile = """
        parameters:
            mirakl.frontKey: front-key-123
            mirakl.operatorKey: operator-key-456
            mirakl.baseUrl: https://marketplace.example.com
            hipay.wsLogin: ws-login
            hipay.wsPassword: ws-password
            hipay.baseSoapUrl: https://test-ws.hipay.com
            hipay.baseRestUrl: https://test-merchant.hipaywallet.com
            hipay.transfer.withdraw.rest: true
            hipay.mkp.technical.id: 42
            hipay.entity: mirakl-entity
            hipay.merchantGroupId: 1234
            hipay.locale: fr_FR
            hipay.timezone: Europe/Paris
            default.tmp.path: /var/tmp/hipay
            db.driver: pdo_pgsql
            db.host: db.internal
            db.username: connector
            db.password: db-secret
            db.name: hipay
            db.port: 5433
            debug: false
            log.file.path: /var/log/hipay.log
            mail.host: smtp.example.com
            mail.port: 587
            mail.security: tls
            mail.username: mailer
            mail.password: mail-secret
            mail.subject: '[Marketplace] cash-out'
            mail.to: [finance@example.com, ops@example.com]
            mail.from: connector@example.com
            label.public: 'public {{miraklId}} – {{hipayId}} - {{cycleDate}} - {{paymentVoucher}}'
            label.private: 'private {{miraklId}}'
            label.withdraw: 'withdraw {{hipayId}} {{amount}}'
            cashout.transactionFilterRegex: ~
            cycle.days: [01, 11, 21]
            cycle.hour: 0
            cycle.minute: 1
            cycle.interval.before: '12 hour'
            cycle.interval.after: '1 day 6 hours'
            account.technical.email: technical@example.com
            account.technical.hipayId: 500000
            account.operator.email: operator@example.com
            account.operator.hipayId: 500001
            email.logger.alert.level: 400
            db.logger.level: 200
            dashboard.locale: fr
            github.token: ~
            country.filter: [FRA, DEU]
        """;

    [Fact]
    public void Parse_EveryPredecessorKey_MapsOntoOurSettings()
    {
        var result = LegacyParameters.Parse(FullFile);
        var settings = Bind(result);

        Assert.Equal("front-key-123", settings.Mirakl.FrontKey);
        Assert.Equal("operator-key-456", settings.Mirakl.OperatorKey);
        Assert.Equal("https://marketplace.example.com", settings.Mirakl.BaseUrl);
        Assert.Equal("ws-login", settings.HiPayWallet.WsLogin);
        Assert.Equal("ws-password", settings.HiPayWallet.WsPassword);
        Assert.Equal("https://test-ws.hipay.com", settings.HiPayWallet.BaseSoapUrl);
        Assert.Equal("https://test-merchant.hipaywallet.com", settings.HiPayWallet.BaseRestUrl);
        Assert.Equal("42", settings.HiPayWallet.MarketplaceTechnicalId);
        Assert.Equal("mirakl-entity", settings.HiPayWallet.Entity);
        Assert.Equal("1234", settings.HiPayWallet.MerchantGroupId);
        Assert.Equal("fr_FR", settings.HiPayWallet.Locale);
        Assert.Equal("Europe/Paris", settings.HiPayWallet.TimeZone);
        Assert.Equal("/var/tmp/hipay", settings.Runtime.TempPath);
        Assert.Equal(DatabaseProvider.Postgres, settings.Database.Provider);
        var cs = new Npgsql.NpgsqlConnectionStringBuilder(settings.Database.ConnectionString);
        Assert.Equal(("db.internal", 5433, "hipay", "connector", "db-secret"), (cs.Host, cs.Port, cs.Database, cs.Username, cs.Password));
        Assert.False(settings.Alerting.Debug);
        Assert.Equal("/var/log/hipay.log", settings.Alerting.LogFilePath);
        Assert.Equal("smtp.example.com", settings.Mail.Host);
        Assert.Equal(587, settings.Mail.Port);
        Assert.Equal(MailSecurity.Tls, settings.Mail.Security);
        Assert.Equal("mailer", settings.Mail.Username);
        Assert.Equal("mail-secret", settings.Mail.Password);
        Assert.Equal("[Marketplace] cash-out", settings.Mail.Subject);
        Assert.Equal(["finance@example.com", "ops@example.com"], settings.Mail.To);
        Assert.Equal("connector@example.com", settings.Mail.From);
        Assert.Equal("public {{miraklId}} – {{hipayId}} - {{cycleDate}} - {{paymentVoucher}}", settings.Labels.Public);
        Assert.Equal("private {{miraklId}}", settings.Labels.Private);
        Assert.Equal("withdraw {{hipayId}} {{amount}}", settings.Labels.Withdraw);
        Assert.Equal([1, 11, 21], settings.Cycle.Days);
        Assert.Equal(0, settings.Cycle.Hour);
        Assert.Equal(1, settings.Cycle.Minute);
        Assert.Equal(TimeSpan.FromHours(12), settings.Cycle.IntervalBefore);
        Assert.Equal(TimeSpan.FromHours(30), settings.Cycle.IntervalAfter);
        Assert.Equal("technical@example.com", settings.Accounts.TechnicalEmail);
        Assert.Equal(500000, settings.Accounts.TechnicalAccountId);
        Assert.Equal("operator@example.com", settings.Accounts.OperatorEmail);
        Assert.Equal(500001, settings.Accounts.OperatorAccountId);
        Assert.Equal(400, settings.Alerting.EmailLevel);
        Assert.Equal(200, settings.Alerting.DatabaseLevel);
        Assert.Equal("fr", settings.Dashboard.Locale);
        Assert.Equal(["FRA", "DEU"], settings.Dashboard.CountryFilter);
        Assert.Empty(ConnectorConfigurationValidator.Validate(settings, SettingsScope.All));
    }

    [Fact]
    public void Parse_DistFileCoversEveryKnownKey()
    {
        var keysInFile = FullFile.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Contains(':', StringComparison.Ordinal) && !l.StartsWith("parameters", StringComparison.Ordinal))
            .Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)])
            .ToHashSet(StringComparer.Ordinal);

        var missing = LegacyParameters.KnownKeys.Where(k => k != "hipay.baseUrl" && !keysInFile.Contains(k)).ToList();

        Assert.Empty(missing);
        Assert.Equal(49, LegacyParameters.KnownKeys.Count);
    }

    [Theory]
    [InlineData("cycle.hour", "25")]
    [InlineData("cycle.minute", "sixty")]
    [InlineData("cycle.days", "[1, 32]")]
    [InlineData("cycle.interval.before", "'twelve hours'")]
    [InlineData("mirakl.baseUrl", "not-a-url")]
    [InlineData("hipay.baseRestUrl", "ftp://x.example")]
    [InlineData("hipay.locale", "french")]
    [InlineData("hipay.timezone", "Paris")]
    [InlineData("account.technical.hipayId", "-5")]
    [InlineData("account.operator.hipayId", "abc")]
    [InlineData("db.port", "http")]
    [InlineData("db.driver", "pdo_oci")]
    [InlineData("debug", "maybe")]
    [InlineData("mail.port", "70000")]
    [InlineData("mail.security", "starttls")]
    [InlineData("email.logger.alert.level", "loud")]
    [InlineData("dashboard.locale", "de")]
    [InlineData("hipay.transfer.withdraw.rest", "sometimes")]
    public void Parse_BadValue_ErrorNamesTheKey(string key, string value)
    {
        var yaml = ReplaceValue(FullFile, key, value);

        var ex = Assert.Throws<ConfigurationException>(() => LegacyParameters.Parse(yaml));

        Assert.Contains(ex.Errors, e => e.Contains(key + ":", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_UnknownKey_ErrorNamesIt()
    {
        var yaml = FullFile + "\n    mirakl.secretSauce: yes\n";

        var ex = Assert.Throws<ConfigurationException>(() => LegacyParameters.Parse(yaml));

        Assert.Contains("mirakl.secretSauce", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WithoutParametersTopKey_IsRefused()
    {
        var ex = Assert.Throws<ConfigurationException>(() => LegacyParameters.Parse("settings:\n    debug: true\n"));

        Assert.Contains("parameters", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NullValues_LeaveOurDefaults()
    {
        var result = LegacyParameters.Parse("parameters:\n    cycle.hour: ~\n    label.public: ~\n    db.driver: ~\n");
        var settings = Bind(result);

        Assert.Equal(0, settings.Cycle.Hour);
        Assert.Equal(LabelsOptions.DefaultPublic, settings.Labels.Public);
        Assert.Equal(DatabaseProvider.Sqlite, settings.Database.Provider);
        Assert.Equal([1, 11, 21], settings.Cycle.Days);
    }

    [Fact]
    public void Parse_IgnoredLegacyKeys_ProduceWarningsNotErrors()
    {
        var yaml = ReplaceValue(ReplaceValue(FullFile, "github.token", "ghp_x"), "hipay.transfer.withdraw.rest", "false");

        var result = LegacyParameters.Parse(yaml);

        Assert.Contains(result.Warnings, w => w.StartsWith("github.token", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.StartsWith("hipay.transfer.withdraw.rest", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Warnings, w => w.Contains("ghp_x", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("pdo_mysql")]
    [InlineData("mysqli")]
    public void Parse_MySqlDriver_MapsToTheMySqlProviderInUtf8mb4(string driver)
    {
        var yaml = ReplaceValue(ReplaceValue(FullFile, "db.driver", driver), "db.port", "3307");

        var settings = Bind(LegacyParameters.Parse(yaml));

        Assert.Equal(DatabaseProvider.MySql, settings.Database.Provider);
        var cs = new MySql.Data.MySqlClient.MySqlConnectionStringBuilder(settings.Database.ConnectionString);
        Assert.Equal("db.internal", cs.Server);
        Assert.Equal(3307u, cs.Port);
        Assert.Equal("hipay", cs.Database);
        Assert.Equal("connector", cs.UserID);
        Assert.Equal("db-secret", cs.Password);
        Assert.Equal("utf8mb4", cs.CharacterSet);
        Assert.DoesNotContain("db-secret", ConnectorDatabase.Describe(DatabaseProvider.MySql, settings.Database.ConnectionString), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MySqlDriverWithoutHost_ErrorNamesDbHost()
    {
        var yaml = ReplaceValue(ReplaceValue(FullFile, "db.driver", "pdo_mysql"), "db.host", "''");

        var ex = Assert.Throws<ConfigurationException>(() => LegacyParameters.Parse(yaml));

        Assert.Contains(ex.Errors, e => e.Contains("db.host: required when db.driver is pdo_mysql", StringComparison.Ordinal));
        Assert.DoesNotContain(ex.Errors, e => e.Contains("db-secret", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_SqliteDriver_UsesDbNameAsFile()
    {
        var yaml = ReplaceValue(FullFile, "db.driver", "pdo_sqlite");

        var settings = Bind(LegacyParameters.Parse(yaml));

        Assert.Equal(DatabaseProvider.Sqlite, settings.Database.Provider);
        Assert.Equal("Data Source=hipay", settings.Database.ConnectionString);
    }

    [Theory]
    [InlineData("12 hour", 12 * 60)]
    [InlineData("12 hours", 12 * 60)]
    [InlineData("+1 day", 24 * 60)]
    [InlineData("1 day 6 hours", 30 * 60)]
    [InlineData("30 minutes", 30)]
    [InlineData("2 weeks", 14 * 24 * 60)]
    public void ParsePhpInterval_CommonForms_AreUnderstood(string text, int minutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(minutes), LegacyParameters.ParsePhpInterval(text));
    }

    [Fact]
    public void Validate_MissingRequiredKey_NamesOurKeyAndTheLegacyKey()
    {
        var yaml = string.Join('\n', FullFile.Split('\n').Where(l => !l.Contains("mirakl.operatorKey", StringComparison.Ordinal)));
        var settings = Bind(LegacyParameters.Parse(yaml));

        var errors = ConnectorConfigurationValidator.Validate(settings, SettingsScope.All);

        Assert.Equal("Mirakl:OperatorKey (parameters.yml: mirakl.operatorKey): required.", Assert.Single(errors));
    }

    private static ConnectorSettings Bind(LegacyParametersResult result) =>
        ConnectorSettings.Bind(new ConfigurationBuilder().AddInMemoryCollection(result.Values).Build());

    private static string ReplaceValue(string yaml, string key, string value) =>
        string.Join('\n', yaml.Split('\n').Select(l => l.TrimStart().StartsWith(key + ":", StringComparison.Ordinal)
            ? l[..(l.IndexOf(key, StringComparison.Ordinal) + key.Length + 1)] + " " + value
            : l));
}
