using System.Globalization;
using System.Text.RegularExpressions;

namespace HiPayMirakl.IntegrationTests.Support;

/// <summary>One sample of a Prometheus text exposition: name, labels, value as written.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, string Value)
{
    public long Whole => long.Parse(Value, CultureInfo.InvariantCulture);

    public double Number => Value == "+Inf" ? double.PositiveInfinity : double.Parse(Value, CultureInfo.InvariantCulture);
}

/// <summary>Parses the text format 0.0.4 (comments skipped), independently of the exporter under test.</summary>
public static partial class PrometheusText
{
    public static IReadOnlyList<PrometheusSample> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<PrometheusSample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var match = SampleRegex().Match(line);
            Assert.True(match.Success, "not a Prometheus sample: " + line);
            var labels = LabelRegex().Matches(match.Groups["labels"].Value)
                .ToDictionary(m => m.Groups["k"].Value, m => Regex.Unescape(m.Groups["v"].Value), StringComparer.Ordinal);
            samples.Add(new PrometheusSample(match.Groups["name"].Value, labels, match.Groups["value"].Value));
        }

        return samples;
    }

    /// <summary>The samples of one metric whose labels include every given pair.</summary>
    public static IEnumerable<PrometheusSample> Where(this IEnumerable<PrometheusSample> samples, string name, params (string Key, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value));

    [GeneratedRegex("^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?<labels>.*)\\})? (?<value>\\S+)$")]
    private static partial Regex SampleRegex();

    [GeneratedRegex("(?<k>[a-zA-Z_][a-zA-Z0-9_]*)=\"(?<v>(?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex LabelRegex();
}
