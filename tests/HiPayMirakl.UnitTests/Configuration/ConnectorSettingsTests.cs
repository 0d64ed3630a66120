using HiPayMirakl.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace HiPayMirakl.UnitTests.Configuration;

public sealed class ConnectorSettingsTests
{
    [Fact]
    public void Bind_UnknownKeyInOurSection_ErrorNamesTheKey()
    {
        var config = Build(("Mirakl:OperatorKey", "k"), ("Mirakl:OperatorKy", "typo"));

        var ex = Assert.Throws<ConfigurationException>(() => ConnectorSettings.Bind(config));

        Assert.Equal("Mirakl:OperatorKy: unknown key.", Assert.Single(ex.Errors));
    }

    [Fact]
    public void Bind_WrongType_ErrorNamesTheKeyAndValue()
    {
        var config = Build(("Cycle:Hour", "noon"), ("Database:Provider", "Oracle"));

        var ex = Assert.Throws<ConfigurationException>(() => ConnectorSettings.Bind(config));

        Assert.Contains(ex.Errors, e => e.StartsWith("Cycle:Hour: 'noon'", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Database:Provider: 'Oracle'", StringComparison.Ordinal));
    }

    [Fact]
    public void Bind_SectionsWeDoNotOwn_AreLeftAlone()
    {
        var settings = ConnectorSettings.Bind(Build(("Logging:LogLevel:Default", "Warning"), ("Cycle:Days:0", "5")));

        Assert.Equal([5], settings.Cycle.Days);
    }

    [Fact]
    public void Validate_DatabaseScope_DoesNotRequireProviderCredentials()
    {
        var settings = ConnectorSettings.Bind(Build());

        Assert.Empty(ConnectorConfigurationValidator.Validate(settings, SettingsScope.Database));
        Assert.Contains(ConnectorConfigurationValidator.Validate(settings, SettingsScope.All),
            e => e.StartsWith("Mirakl:OperatorKey", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SameTechnicalAndOperatorAccount_IsRefused()
    {
        var settings = ConnectorSettings.Bind(Build(("Accounts:TechnicalAccountId", "5"), ("Accounts:OperatorAccountId", "5")));

        Assert.Contains(ConnectorConfigurationValidator.Validate(settings, SettingsScope.CashOut),
            e => e.StartsWith("Accounts:OperatorAccountId", StringComparison.Ordinal) && e.Contains("differ", StringComparison.Ordinal));
    }

    private static IConfiguration Build(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
