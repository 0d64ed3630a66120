using HiPayMirakl.Cli;

namespace HiPayMirakl.IntegrationTests.Support;

public sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>Runs the real command line in-process, capturing what it prints.</summary>
public static class CliRunner
{
    public static Task<CliResult> RunAsync(params string[] args) => RunWithInputAsync("", args);

    /// <summary>Runs a command that reads standard input (a password), given <paramref name="input"/>.</summary>
    public static async Task<CliResult> RunWithInputAsync(string input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var reader = new StringReader(input);
        var code = await CliApp.RunAsync(args, output, error, reader);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}
