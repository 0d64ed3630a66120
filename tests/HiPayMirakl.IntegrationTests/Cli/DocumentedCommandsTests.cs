using System.Text;
using System.Text.RegularExpressions;
using HiPayMirakl.Cli;
using HiPayMirakl.IntegrationTests.Support;

namespace HiPayMirakl.IntegrationTests.Cli;

/// <summary>
/// Every <c>hipay-mirakl …</c> line (and <c>dotnet run --project src/HiPayMirakl.Cli -- …</c>) in the fenced code
/// blocks of README.md and docs/*.md is parsed by the command line's own parser: a renamed command or option, or a
/// typo in the guide, fails here instead of on an operator's terminal.
/// </summary>
public sealed partial class DocumentedCommandsTests
{
    [Fact]
    public void Docs_EveryCommandLineInCodeBlocks_ParsesWithTheCli()
    {
        var files = new[] { RepositoryFiles.PathOf("README.md") }
            .Concat(Directory.GetFiles(RepositoryFiles.PathOf("docs"), "*.md", SearchOption.AllDirectories))
            .ToList();
        var commands = files.SelectMany(f => CommandLines(f).Select(c => (File: Path.GetRelativePath(RepositoryFiles.Root, f), c.Line, c.Args))).ToList();
        Assert.True(commands.Count >= 40, $"only {commands.Count} command lines found: the extraction is broken");
        Assert.Contains(commands, c => c.File.StartsWith("docs", StringComparison.Ordinal));

        var failures = new List<string>();
        foreach (var (file, line, args) in commands)
        {
            var root = CliApp.BuildRoot(TextWriter.Null, TextWriter.Null, TextReader.Null);
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                failures.Add($"{file}:{line}: hipay-mirakl {string.Join(' ', args)} → {string.Join("; ", parse.Errors.Select(e => e.Message))}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Theory]
    [InlineData("hipay-mirakl cashout:leg hold 42 --reason \"bank said wait\"  # comment", "cashout:leg|hold|42|--reason|bank said wait")]
    [InlineData("hipay-mirakl --set 'Mirakl:BaseUrl=https://x' config check", "--set|Mirakl:BaseUrl=https://x|config|check")]
    [InlineData("dotnet run --project src/HiPayMirakl.Cli -- demo --shops 5", "demo|--shops|5")]
    [InlineData("hipay-mirakl mirakl:check --shops --csv > shops.csv", "mirakl:check|--shops|--csv")]
    public void Tokenize_ShellLine_ArgumentsAfterTheProgram(string line, string expected)
    {
        Assert.Equal(expected, string.Join('|', Arguments(line) ?? []));
    }

    [Fact]
    public void Parse_UnknownCommand_IsAnError()
    {
        var parse = CliApp.BuildRoot(TextWriter.Null, TextWriter.Null, TextReader.Null).Parse(["cashout:teleport"]);

        Assert.NotEmpty(parse.Errors);
    }

    private static IEnumerable<(int Line, string[] Args)> CommandLines(string file)
    {
        var lines = File.ReadAllLines(file);
        var inFence = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var text = lines[i].Trim();
            if (text.StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }

            if (!inFence)
            {
                continue;
            }

            var start = i;
            var joined = new StringBuilder(text);
            while (joined.Length > 0 && joined[^1] == '\\' && i + 1 < lines.Length)
            {
                joined.Length--;
                joined.Append(' ').Append(lines[++i].Trim());
            }

            if (Arguments(joined.ToString()) is { } args)
            {
                yield return (start + 1, args);
            }
        }
    }

    /// <summary>The arguments after <c>hipay-mirakl</c> (or <c>dotnet run … --</c>), shell quoting and comments removed; null for other lines.</summary>
    private static string[]? Arguments(string line)
    {
        var text = Prompt().Replace(line.Trim(), "");
        var tokens = Tokenize(text);
        if (tokens.Count == 0)
        {
            return null;
        }

        if (tokens[0] == "hipay-mirakl")
        {
            return [.. tokens.Skip(1)];
        }

        var dash = tokens.IndexOf("--");
        if (tokens is ["dotnet", "run", ..] && dash > 0 && tokens.Contains("src/HiPayMirakl.Cli"))
        {
            return [.. tokens.Skip(dash + 1)];
        }

        return null;
    }

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        var inToken = false;
        char? quote = null;
        foreach (var c in text)
        {
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else
                {
                    current.Append(c);
                }

                continue;
            }

            if (c is '"' or '\'')
            {
                quote = c;
                inToken = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inToken)
                {
                    tokens.Add(current.ToString());
                    current.Clear();
                    inToken = false;
                }
            }
            else if ((c == '#' && !inToken) || c is '>' or '<' or '|' or ';' or '&')
            {
                // A comment, a redirection or the next command: the program's arguments end here.
                break;
            }
            else
            {
                current.Append(c);
                inToken = true;
            }
        }

        if (inToken)
        {
            tokens.Add(current.ToString());
        }

        return tokens;
    }

    [GeneratedRegex(@"^\$\s+")]
    private static partial Regex Prompt();
}
