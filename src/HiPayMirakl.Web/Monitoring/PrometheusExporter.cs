using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace HiPayMirakl.Web.Monitoring;

/// <summary>
/// Collects the measurements of the meters this host's <see cref="IMeterFactory"/> created (and only those: another
/// host in the same process keeps its own figures) and writes them in the Prometheus text exposition format 0.0.4.
/// Instrument names become Prometheus names with dots turned into underscores; counters get <c>_total</c>.
/// Observable instruments are read at each scrape and report only what their callback returned then.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    private static readonly double[] DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<Instrument, Series> _series = [];
    private readonly SemaphoreSlim _scrape = new(1, 1);

    public PrometheusExporter(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (!ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                return;
            }

            lock (_lock)
            {
                _series[instrument] = new Series(instrument, Buckets(instrument));
            }

            listener.EnableMeasurementEvents(instrument);
        };
        // Whole numbers stay whole (amounts in minor units must not go through a double); doubles are durations and ages.
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, Measured.Of(value), tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, Measured.Of(value), tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, Measured.Of(value), tags));
        _listener.Start();
    }

    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Reads the observable instruments and writes every series.</summary>
    public async Task<string> ScrapeAsync(CancellationToken ct)
    {
        // One scrape at a time: observable series are cleared and refilled by each.
        await _scrape.WaitAsync(ct);
        try
        {
            lock (_lock)
            {
                foreach (var series in _series.Values.Where(s => s.Instrument.IsObservable))
                {
                    series.Values.Clear();
                }
            }

            _listener.RecordObservableInstruments();
            lock (_lock)
            {
                var text = new StringBuilder();
                foreach (var series in _series.Values.OrderBy(s => s.Instrument.Name, StringComparer.Ordinal))
                {
                    series.Write(text);
                }

                return text.ToString();
            }
        }
        finally
        {
            _scrape.Release();
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        _scrape.Dispose();
    }

    private void Record(Instrument instrument, Measured value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = Labels(tags);
        lock (_lock)
        {
            if (_series.TryGetValue(instrument, out var series))
            {
                series.Add(labels, value);
            }
        }
    }

    private static IReadOnlyList<double>? Buckets(Instrument instrument) => instrument switch
    {
        Histogram<double> h => h.Advice?.HistogramBucketBoundaries ?? DefaultBuckets,
        Histogram<long> h => (IReadOnlyList<double>?)h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToList() ?? DefaultBuckets,
        _ => null,
    };

    /// <summary><c>a="x",b="y"</c>, sorted by name so one set of tags is always one series.</summary>
    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return "";
        }

        var pairs = tags.ToArray();
        Array.Sort(pairs, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return string.Join(',', pairs.Select(p => $"{Name(p.Key)}=\"{Escape(Convert.ToString(p.Value, CultureInfo.InvariantCulture) ?? "")}\""));
    }

    private static string Name(string name) => name.Replace('.', '_').Replace('-', '_');

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : value.ToString("R", CultureInfo.InvariantCulture);

    private sealed class Series(Instrument instrument, IReadOnlyList<double>? buckets)
    {
        public Instrument Instrument { get; } = instrument;

        /// <summary>Per label set: the value (counter, gauge) or the histogram's cumulative state.</summary>
        public Dictionary<string, Point> Values { get; } = new(StringComparer.Ordinal);

        private bool IsCounter => Instrument is Counter<long> or Counter<int> or Counter<double>
            or ObservableCounter<long> or ObservableCounter<int> or ObservableCounter<double>;

        public void Add(string labels, Measured value)
        {
            if (!Values.TryGetValue(labels, out var point))
            {
                point = new Point(buckets?.Count ?? 0);
                Values[labels] = point;
            }

            if (buckets is not null)
            {
                for (var i = 0; i < buckets.Count; i++)
                {
                    if (value.AsDouble <= buckets[i])
                    {
                        point.Buckets[i]++;
                    }
                }

                point.Count++;
                point.Sum += value.AsDouble;
            }
            else if (!Instrument.IsObservable && (IsCounter || Instrument is UpDownCounter<long> or UpDownCounter<int> or UpDownCounter<double>))
            {
                point.Value = point.Value.Plus(value);
            }
            else
            {
                // Gauges and observable instruments report their current value.
                point.Value = value;
            }
        }

        public void Write(StringBuilder text)
        {
            var name = Name(Instrument.Name) + (IsCounter ? "_total" : "");
            var type = buckets is not null ? "histogram" : IsCounter ? "counter" : "gauge";
            text.Append("# HELP ").Append(name).Append(' ').Append((Instrument.Description ?? "").Replace("\n", " ", StringComparison.Ordinal)).Append('\n');
            text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
            foreach (var (labels, point) in Values.OrderBy(v => v.Key, StringComparer.Ordinal))
            {
                if (buckets is null)
                {
                    Line(text, name, labels, point.Value.ToString());
                    continue;
                }

                var prefix = labels.Length == 0 ? "" : labels + ",";
                for (var i = 0; i < buckets.Count; i++)
                {
                    Line(text, name + "_bucket", prefix + $"le=\"{Number(buckets[i])}\"", Whole(point.Buckets[i]));
                }

                Line(text, name + "_bucket", prefix + "le=\"+Inf\"", Whole(point.Count));
                Line(text, name + "_sum", labels, Number(point.Sum));
                Line(text, name + "_count", labels, Whole(point.Count));
            }
        }

        private static string Whole(long value) => value.ToString(CultureInfo.InvariantCulture);

        private static void Line(StringBuilder text, string name, string labels, string value)
        {
            text.Append(name);
            if (labels.Length > 0)
            {
                text.Append('{').Append(labels).Append('}');
            }

            text.Append(' ').Append(value).Append('\n');
        }
    }

    /// <summary>A measurement as it came: a whole number or a double, never one converted into the other.</summary>
    private readonly record struct Measured(long Whole, double Fraction, bool IsWhole)
    {
        public double AsDouble => IsWhole ? Whole : Fraction;

        public static Measured Of(long value) => new(value, 0, true);

        public static Measured Of(double value) => new(0, value, false);

        public Measured Plus(Measured other) =>
            IsWhole && other.IsWhole ? Of(checked(Whole + other.Whole)) : Of(AsDouble + other.AsDouble);

        public override string ToString() => IsWhole ? Whole.ToString(CultureInfo.InvariantCulture) : Number(Fraction);
    }

    private sealed class Point(int buckets)
    {
        public Measured Value { get; set; } = Measured.Of(0L);

        public long[] Buckets { get; } = new long[buckets];

        public long Count { get; set; }

        public double Sum { get; set; }
    }
}
