using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;
using HiPayMirakl.Cli.Commands;
using HiPayMirakl.Core;
using HiPayMirakl.Core.Configuration;
using HiPayMirakl.Core.Features.Batches;
using Microsoft.Extensions.DependencyInjection;

namespace HiPayMirakl.Cli;

/// <summary>The `hipay-mirakl` command line. Every command reports failure as one line on stderr and a non-zero exit.</summary>
public static class CliApp
{
    public const int ExitOk = 0;
    public const int ExitConfigurationError = 1;
    public const int ExitFailure = 2;

    public static readonly Option<string> EnvironmentOption = new("--environment")
    {
        Description = "Configuration environment: reads appsettings.<environment>.json (default: $HIPAYMIRAKL_ENVIRONMENT or Production).",
        Recursive = true,
    };

    public static readonly Option<string?> ConfigFileOption = new("--config")
    {
        Description = "An extra configuration file (JSON, or a predecessor parameters.yml).",
        Recursive = true,
    };

    public static readonly Option<string?> ParametersOption = new("--parameters")
    {
        Description = "The predecessor's parameters.yml (default: ./parameters.yml or ./config/parameters.yml when present).",
        Recursive = true,
    };

    public static readonly Option<string[]> SetOption = new("--set")
    {
        Description = "Override one configuration key, e.g. --set Mirakl:BaseUrl=https://… (repeatable).",
        Recursive = true,
        AllowMultipleArgumentsPerToken = false,
    };

    public static string Version =>
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    public static RootCommand BuildRoot(TextWriter output, TextWriter error, TextReader? input = null)
    {
        var root = new RootCommand("HiPay Mirakl connector: pays Mirakl sellers through HiPay Wallet and collects SEPA direct debits through HiPay Enterprise.")
        {
            EnvironmentOption,
            ConfigFileOption,
            ParametersOption,
            SetOption,
            CliOutput.JsonOption,
        };
        // The built-in --version reads the entry assembly (a test host when run in-process): print ours.
        root.Options.OfType<VersionOption>().Single().Action = new PrintVersionAction(output);
        root.Add(MigrateCommand.Create(output, error));
        root.Add(ConfigCommand.Create(output, error));
        root.Add(VendorCommands.CreateProcess(output, error));
        root.Add(VendorCommands.CreateMiraklCheck(output, error));
        root.Add(ServeCommand.Create(output, error));
        root.Add(SimulatorsCommand.Create(output, error));
        root.Add(DemoCommand.Create(output, error));
        root.Add(CashoutCommands.CreateGenerate(output, error));
        root.Add(CashoutCommands.CreateTransfer(output, error));
        root.Add(CashoutCommands.CreateStatusSync(output, error));
        root.Add(CashoutCommands.CreateWithdraw(output, error));
        root.Add(CashoutCommands.CreateRun(output, error));
        root.Add(CashoutCommands.CreateReconcile(output, error));
        root.Add(CashoutCommands.CreateLeg(output, error));
        root.Add(CashoutCommands.CreateTreasuryForecast(output, error));
        root.Add(ApprovalCommands.Create(output, error));
        root.Add(SddCommands.Create(output, error));
        root.Add(InboxCommands.Create(output, error));
        root.Add(ImportCommands.Create(output, error));
        root.Add(JobCommands.Create(output, error));
        root.Add(AccessCommands.CreateUser(output, error, input ?? Console.In));
        root.Add(AccessCommands.CreateApiKey(output, error));
        return root;
    }

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct = default) =>
        RunAsync(args, output, error, Console.In, ct);

    /// <summary>Runs one command; <paramref name="input"/> is what it reads (a password) in place of standard input.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TextReader input, CancellationToken ct = default)
    {
        var root = BuildRoot(output, error, input);
        var parse = root.Parse(args);
        var invocation = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(invocation, ct);
        }
        catch (ConfigurationException ex)
        {
            await error.WriteLineAsync("error: " + OneLine(ex.Message));
            return ExitConfigurationError;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("error: cancelled.");
            return ExitFailure;
        }
#pragma warning disable CA1031 // The command line is an entry point: any failure becomes one readable line and exit code 2.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await error.WriteLineAsync($"error: {OneLine(ex.Message)} ({ex.GetType().Name})");
            return ExitFailure;
        }
    }

    /// <summary>Loads configuration from the global options of a parse result.</summary>
    public static ConnectorConfiguration LoadConfiguration(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return ConnectorConfiguration.Load(new ConfigurationSources
        {
            Environment = EnvironmentName(parse),
            ParametersFile = parse.GetValue(ParametersOption),
            ExtraJsonFile = parse.GetValue(ConfigFileOption),
            Overrides = Overrides(parse),
        });
    }

    /// <summary>The <c>--set Key=Value</c> assignments of a parse result, by key.</summary>
    public static Dictionary<string, string?> Overrides(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var assignment in parse.GetValue(SetOption) ?? [])
        {
            var eq = assignment.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ConfigurationException($"--set {assignment}: expected Key=Value.");
            }

            overrides[assignment[..eq].Trim()] = assignment[(eq + 1)..];
        }

        return overrides;
    }

    /// <summary>The environment (<c>--environment</c>, else $HIPAYMIRAKL_ENVIRONMENT, else Production): configuration files and host behaviour.</summary>
    public static string EnvironmentName(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return parse.GetValue(EnvironmentOption)
            ?? Environment.GetEnvironmentVariable(ConnectorConfiguration.EnvironmentPrefix + "ENVIRONMENT")
            ?? "Production";
    }

    /// <summary>The connector's services for one command, from the validated configuration.</summary>
    public static ServiceProvider BuildServices(ParseResult parse)
    {
        var settings = LoadConfiguration(parse).Settings;
        ConnectorConfigurationValidator.ThrowIfInvalid(settings, SettingsScope.All);
        return new ServiceCollection().AddLogging(l => l.AddConnectorDefaults(settings)).AddConnector(settings).BuildServiceProvider();
    }

    /// <summary>
    /// A job's outcome: the batch and the job's summary as tables, or one JSON document <c>{ batch, summary }</c>.
    /// Exit 0 only when every item succeeded; a failed or skipped run is one line on stderr.
    /// </summary>
    public static async Task<int> ReportJobAsync(JobRunResult result, object? summary, CliOutput output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        switch (result.Outcome)
        {
            case JobRunOutcome.AlreadyRunning:
                await error.WriteLineAsync("error: already running elsewhere; nothing done.");
                return ExitFailure;
            case JobRunOutcome.Failed:
                await error.WriteLineAsync($"error: batch {result.BatchId} failed: {OneLine(result.Error ?? "unknown error")}");
                return ExitFailure;
        }

        output.WriteJson(new { batch = new { id = result.BatchId, outcome = result.Outcome, processed = result.Processed, failed = result.Failed }, summary });
        output.Table(null, [new CliColumn("Batch", true), new CliColumn("Outcome"), new CliColumn("Processed", true), new CliColumn("Failed", true)],
            [[result.BatchId, result.Outcome, result.Processed, result.Failed]]);
        output.Record(null, summary);
        return result.Outcome == JobRunOutcome.Succeeded ? ExitOk : ExitFailure;
    }

    internal static string OneLine(string message) =>
        message.ReplaceLineEndings(" ").Trim();

    private sealed class PrintVersionAction(TextWriter output) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            output.WriteLine(Version);
            return ExitOk;
        }
    }
}
