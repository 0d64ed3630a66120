using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace HiPayMirakl.UnitTests.Dashboard;

/// <summary>
/// Every string the dashboard shows through a localizer has its French text: the pages and their models are read
/// from the source tree, each localizer variable is traced to its marker class (SharedText, VendorsText…), and each
/// literal key looked up in that class's .fr.resx. A key missing in French would show English on a French page.
/// </summary>
public sealed partial class DashboardTranslationTests
{
    [Fact]
    public void EveryLocalizedKey_HasAFrenchText()
    {
        var dashboard = Path.Combine(RepositoryRoot(), "src", "HiPayMirakl.Web", "Dashboard");
        var french = Directory.EnumerateFiles(Path.Combine(dashboard, "Text"), "*.fr.resx")
            .ToDictionary(
                f => Path.GetFileName(f)[..^".fr.resx".Length],
                f => XDocument.Load(f).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal),
                StringComparer.Ordinal);
        Assert.Contains("SharedText", french.Keys);

        var imports = Directory.EnumerateFiles(dashboard, "_ViewImports.cshtml", SearchOption.AllDirectories).ToList();
        var missing = new List<string>();
        var checkedKeys = 0;
        foreach (var file in Directory.EnumerateFiles(dashboard, "*.*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal)))
        {
            var source = File.ReadAllText(file);
            // Localizers declared in this file, or (for a view) in a _ViewImports.cshtml of its folder or above.
            var declarations = Localizer().Matches(source).Cast<Match>().ToList();
            if (file.EndsWith(".cshtml", StringComparison.Ordinal))
            {
                declarations.AddRange(imports
                    .Where(i => Path.GetDirectoryName(file)!.StartsWith(Path.GetDirectoryName(i)!, StringComparison.Ordinal))
                    .SelectMany(i => Localizer().Matches(File.ReadAllText(i)).Cast<Match>()));
            }

            foreach (var declaration in declarations)
            {
                var marker = declaration.Groups["marker"].Value;
                var variable = declaration.Groups["name"].Value;
                foreach (Match use in Regex.Matches(source, Regex.Escape(variable) + @"\[""(?<key>(?:[^""\\]|\\.)*)""", RegexOptions.None, TimeSpan.FromSeconds(1)))
                {
                    checkedKeys++;
                    var key = Regex.Unescape(use.Groups["key"].Value);
                    if (!french.TryGetValue(marker, out var keys) || !keys.Contains(key))
                    {
                        missing.Add($"{Path.GetRelativePath(dashboard, file)}: {marker}.fr.resx lacks \"{key}\"");
                    }
                }
            }
        }

        Assert.True(checkedKeys >= 10, $"only {checkedKeys} localized strings found: the scan does not see the pages");
        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, missing.Distinct()));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "HiPayMirakl.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("HiPayMirakl.slnx not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"IStringLocalizer<(?<marker>\w+)>\s+(?<name>\w+)")]
    private static partial Regex Localizer();
}
