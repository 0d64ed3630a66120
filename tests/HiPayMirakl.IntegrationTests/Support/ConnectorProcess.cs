using System.Diagnostics;
using System.Globalization;
using System.Text;
using HiPayMirakl.Cli;

namespace HiPayMirakl.IntegrationTests.Support;

/// <summary>
/// The built command line (`dotnet hipay-mirakl.dll …`) as its own OS process, keeping what it prints so that a
/// failure can say why. Used for `serve` nodes, concurrent CLI jobs and the kill -9 runs; disposing kills it (and only
/// it) when it is still running.
/// </summary>
public sealed class ConnectorProcess : IDisposable
{
    private readonly StringBuilder _printed = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private ConnectorProcess(Process process, string name)
    {
        Process = process;
        Name = name;
    }

    public Process Process { get; }

    /// <summary>The command it runs (e.g. "cashout:transfer", "serve").</summary>
    public string Name { get; }

    public int Id => Process.Id;

    public bool HasExited => Process.HasExited;

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>What it printed on standard output and error, interleaved as received.</summary>
    public string Printed
    {
        get
        {
            lock (_printed)
            {
                return _printed.ToString();
            }
        }
    }

    public static ConnectorProcess Start(IEnumerable<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var list = args.ToList();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        info.ArgumentList.Add(typeof(CliApp).Assembly.Location);
        foreach (var arg in list)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var name = list.LastOrDefault(a => a.Contains(':', StringComparison.Ordinal) && !a.Contains('=', StringComparison.Ordinal) && !a.StartsWith("http", StringComparison.Ordinal))
            ?? list.LastOrDefault(a => a is "serve" or "run") ?? "cli";
        var started = new ConnectorProcess(process, name);
        process.OutputDataReceived += started.Keep;
        process.ErrorDataReceived += started.Keep;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Waits for it to end; after <paramref name="limit"/> it is killed. Returns its exit code.</summary>
    public async Task<int> WaitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await Process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }

        await Process.WaitForExitAsync(CancellationToken.None);
        return Process.ExitCode;
    }

    /// <summary>SIGKILL (kill -9) of this process and its children, then waits until it is gone.</summary>
    public void Kill()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        Process.WaitForExit();
    }

    /// <summary>One line that says what it was, how it ended and what it printed.</summary>
    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"[{Name} pid {Id} {(Process.HasExited ? "exit " + Process.ExitCode : "running")} after {Elapsed.TotalSeconds:F1} s] {Printed}");

    public void Dispose()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped: nothing left to stop.
        }

        Process.Dispose();
    }

    private void Keep(object? sender, DataReceivedEventArgs e)
    {
        if (e.Data is null)
        {
            return;
        }

        lock (_printed)
        {
            if (_printed.Length < 200_000)
            {
                _printed.AppendLine(e.Data);
            }
        }
    }
}
