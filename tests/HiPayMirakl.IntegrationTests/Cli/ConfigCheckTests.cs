using System.Diagnostics;
using HiPayMirakl.IntegrationTests.Support;

namespace HiPayMirakl.IntegrationTests.Cli;

public sealed class ConfigCheckTests
{
    [Fact]
    public async Task ConfigCheck_DevelopmentSettings_PrintsMaskedConfigurationAndSucceeds()
    {
        var result = await CliRunner.RunAsync("config", "check", "--environment", "Development");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Matches(@"\| Mirakl:OperatorKey\s+\| \*\*\*\s+\|", result.Output);
        Assert.Matches(@"\| HiPayWallet:WsPassword\s+\| \*\*\*\s+\|", result.Output);
        Assert.DoesNotContain("technical-ws-password", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("operator-key", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"\| Cycle:Days\s+\| \[1, 11, 21\]\s+\|", result.Output);
        Assert.Contains("configuration OK", result.Output, StringComparison.Ordinal);
        var json = await CliRunner.RunAsync("config", "check", "--environment", "Development", "--json");
        var values = System.Text.Json.JsonDocument.Parse(json.Output).RootElement.GetProperty("values");
        Assert.Equal("***", values.GetProperty("Mirakl:OperatorKey").GetString());
        Assert.DoesNotContain("operator-key", json.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigCheck_MissingKey_ExitsOneNamingTheKey()
    {
        var result = await CliRunner.RunAsync("config", "check", "--environment", "Development", "--set", "Mirakl:OperatorKey=");

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Equal("error: Mirakl:OperatorKey (parameters.yml: mirakl.operatorKey): required", line);
    }

    [Fact]
    public async Task ConfigCheck_ParametersYmlWithBadValue_ExitsOneNamingTheYamlKey()
    {
        var file = Path.Combine(Path.GetTempPath(), $"parameters-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(file, "parameters:\n    mirakl.baseUrl: https://m.example\n    cycle.hour: 24\n");
        try
        {
            var result = await CliRunner.RunAsync("config", "check", "--parameters", file);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("cycle.hour: '24' is not a whole number from 0 to 23", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Cli_AsARealProcess_MissingKeyExitsOneWithOneLine()
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "hipay-mirakl.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { cli, "config", "check", "--environment", "Development", "--set", "HiPayWallet:WsLogin=" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.Environment.Remove("HIPAYMIRAKL_ENVIRONMENT");

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await stdout;

        Assert.Equal(1, process.ExitCode);
        Assert.Equal("error: HiPayWallet:WsLogin (parameters.yml: hipay.wsLogin): required", stderr.Trim());
    }

    [Fact]
    public async Task Cli_Version_PrintsTheVersion()
    {
        var result = await CliRunner.RunAsync("--version");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("0.1.0", result.Output, StringComparison.Ordinal);
    }
}
