using System.Globalization;
using System.Text.RegularExpressions;

namespace Simulator.Common;

/// <summary>Holds the active fault rules and decides, per request, which one (if any) fires.</summary>
public sealed class FaultRegistry
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    private readonly object _gate = new();
    private readonly List<Entry> _rules = [];
    private readonly int _seed;
    private Random _random;
    private long _nextId;

    public FaultRegistry(int seed = 42)
    {
        _seed = seed;
        _random = new Random(seed);
    }

    /// <summary>Adds a rule and returns its id (the given one, or a new "f-N").</summary>
    public string Add(FaultRule r)
    {
        ArgumentNullException.ThrowIfNull(r);
        if (r.Probability is < 0 or > 1)
        {
            throw new ArgumentException("Probability must be between 0 and 1.", nameof(r));
        }

        if (r.Count is < 0 || r.Nth is < 1)
        {
            throw new ArgumentException("Count must be >= 0 and Nth >= 1.", nameof(r));
        }

        var regex = string.IsNullOrEmpty(r.PathRegex)
            ? null
            : new Regex(r.PathRegex, RegexOptions.CultureInvariant, RegexTimeout);
        lock (_gate)
        {
            var id = string.IsNullOrWhiteSpace(r.Id)
                ? "f-" + (++_nextId).ToString(CultureInfo.InvariantCulture)
                : r.Id;
            _rules.RemoveAll(e => string.Equals(e.Rule.Id, id, StringComparison.Ordinal));
            _rules.Add(new Entry(r with { Id = id }, regex));
            return id;
        }
    }

    public bool Remove(string id)
    {
        lock (_gate)
        {
            return _rules.RemoveAll(e => string.Equals(e.Rule.Id, id, StringComparison.Ordinal)) > 0;
        }
    }

    /// <summary>Removes all rules and re-seeds the random source so a reset run repeats exactly.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
            _random = new Random(_seed);
        }
    }

    public IReadOnlyList<FaultRuleState> List()
    {
        lock (_gate)
        {
            return _rules.Select(e => new FaultRuleState(e.Rule, e.Matched, e.Fired)).ToList();
        }
    }

    /// <summary>
    /// Evaluates the rules in insertion order for one request; the first rule that matches and triggers wins.
    /// Every matching rule counts the match even when another fired, so "nth" means the nth matching request.
    /// </summary>
    public FaultRule? Evaluate(string method, string path, string? body)
    {
        lock (_gate)
        {
            FaultRule? chosen = null;
            foreach (var e in _rules)
            {
                if (!Matches(e, method, path, body))
                {
                    continue;
                }

                e.Matched++;
                if (chosen is not null || !Triggers(e))
                {
                    continue;
                }

                e.Fired++;
                chosen = e.Rule;
            }

            return chosen;
        }
    }

    private static bool Matches(Entry e, string method, string path, string? body)
    {
        var r = e.Rule;
        if (r.Method is not null && !string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (e.PathRegex is not null && !e.PathRegex.IsMatch(path))
        {
            return false;
        }

        return r.BodyContains is null || (body is not null && body.Contains(r.BodyContains, StringComparison.Ordinal));
    }

    private bool Triggers(Entry e)
    {
        var r = e.Rule;
        if (r.Nth is { } nth && e.Matched != nth)
        {
            return false;
        }

        if (r.Count is { } count && e.Fired >= count)
        {
            return false;
        }

        // Deterministic fault injection is a feature here: same seed, same request order, same faults.
#pragma warning disable CA5394
        return r.Probability is not { } p || _random.NextDouble() < p;
#pragma warning restore CA5394
    }

    private sealed class Entry(FaultRule rule, Regex? pathRegex)
    {
        public FaultRule Rule { get; } = rule;
        public Regex? PathRegex { get; } = pathRegex;
        public int Matched { get; set; }
        public int Fired { get; set; }
    }
}
