using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Alerts;
using Microsoft.Extensions.Configuration;

namespace HiPayMirakl.UnitTests.Alerts;

public sealed class AlertingOptionsTests
{
    [Theory]
    [InlineData("Alerting:DigestWindow", "00:00:00", "Alerting:DigestWindow")]
    [InlineData("Alerting:EmailLevel", "10000", "Alerting:EmailLevel")]
    [InlineData("Alerting:QueueCapacity", "5", "Alerting:QueueCapacity")]
    [InlineData("Mail:From", "not-an-address", "Mail:From")]
    [InlineData("Mail:Username", "relay", "Mail:Password")]
    [InlineData("Mail:TimeoutSeconds", "0", "Mail:TimeoutSeconds")]
    public void Validate_BadValue_ErrorNamesTheKey(string key, string value, string named)
    {
        var settings = Bind(new() { [key] = value });

        var errors = ConnectorConfigurationValidator.Validate(settings, SettingsScope.Database);

        Assert.Contains(errors, e => e.StartsWith(named, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MailAndAlertingSet_NoError()
    {
        var settings = Bind(new()
        {
            ["Alerting:DigestWindow"] = "00:10:00",
            ["Mail:Username"] = "relay",
            ["Mail:Password"] = "pw",
        });

        Assert.Empty(ConnectorConfigurationValidator.Validate(settings, SettingsScope.Database));
        Assert.Equal(TimeSpan.FromMinutes(10), settings.Alerting.DigestWindow);
    }

    [Fact]
    public void Bind_UnknownAlertingKey_IsRefusedByName()
    {
        var ex = Assert.Throws<ConfigurationException>(() => Bind(new() { ["Alerting:DigestWindo"] = "00:05:00" }));

        Assert.Contains("Alerting:DigestWindo", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AlertSeverity.Info, 200)]
    [InlineData(AlertSeverity.Warning, 300)]
    [InlineData(AlertSeverity.Error, 400)]
    [InlineData(AlertSeverity.Critical, 500)]
    public void LevelOf_Severity_IsTheMonologLevel(AlertSeverity severity, int level) =>
        Assert.Equal(level, AlertingOptions.LevelOf(severity));

    private static ConnectorSettings Bind(Dictionary<string, string?> values)
    {
        var all = new Dictionary<string, string?>
        {
            ["Mail:Host"] = "127.0.0.1",
            ["Mail:From"] = "connector@example.com",
            ["Mail:To:0"] = "ops@example.com",
        };
        foreach (var (k, v) in values)
        {
            all[k] = v;
        }

        return ConnectorSettings.Bind(new ConfigurationBuilder().AddInMemoryCollection(all).Build());
    }
}
