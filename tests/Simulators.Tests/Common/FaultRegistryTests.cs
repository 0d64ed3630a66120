using Simulator.Common;

namespace Simulators.Tests.Common;

public sealed class FaultRegistryTests
{
    [Fact]
    public void Evaluate_CountRule_FiresAtMostCountTimes()
    {
        var registry = new FaultRegistry();
        registry.Add(new FaultRule(null, FaultKind.Status, Method: "GET", PathRegex: "^/api/x$", Count: 2));

        var fired = Enumerable.Range(0, 5).Select(_ => registry.Evaluate("GET", "/api/x", null) is not null).ToList();

        Assert.Equal([true, true, false, false, false], fired);
        var state = Assert.Single(registry.List());
        Assert.Equal(5, state.Matched);
        Assert.Equal(2, state.Fired);
    }

    [Fact]
    public void Evaluate_NthRule_FiresOnlyOnTheNthMatch()
    {
        var registry = new FaultRegistry();
        registry.Add(new FaultRule("third", FaultKind.Status, PathRegex: "^/api/x", Nth: 3));

        var fired = new List<bool>();
        for (var i = 0; i < 5; i++)
        {
            // Requests that do not match must not advance the rule's match counter.
            Assert.Null(registry.Evaluate("GET", "/other", null));
            fired.Add(registry.Evaluate("GET", "/api/x", null) is not null);
        }

        Assert.Equal([false, false, true, false, false], fired);
    }

    [Fact]
    public void Evaluate_MethodAndBodyContains_MustAllMatch()
    {
        var registry = new FaultRegistry();
        registry.Add(new FaultRule(null, FaultKind.ErrorCode, Method: "POST", BodyContains: "\"amount\""));

        Assert.Null(registry.Evaluate("GET", "/api/t", "{\"amount\":1}"));
        Assert.Null(registry.Evaluate("POST", "/api/t", "{\"other\":1}"));
        Assert.Null(registry.Evaluate("POST", "/api/t", null));
        Assert.NotNull(registry.Evaluate("post", "/api/t", "{\"amount\":1}"));
    }

    [Fact]
    public void Evaluate_ProbabilityWithSameSeed_FiresTheSameRequests()
    {
        static List<bool> Run(int seed)
        {
            var registry = new FaultRegistry(seed);
            registry.Add(new FaultRule(null, FaultKind.Status, Probability: 0.3));
            return Enumerable.Range(0, 300).Select(_ => registry.Evaluate("GET", "/", null) is not null).ToList();
        }

        var first = Run(7);
        var second = Run(7);

        Assert.Equal(first, second);
        var count = first.Count(f => f);
        // 300 draws at p = 0.3: 90 expected; these bounds are > 6 standard deviations wide.
        Assert.InRange(count, 45, 135);
        Assert.Contains(false, first);
    }

    [Fact]
    public void Evaluate_ProbabilityZeroAndOne_NeverAndAlways()
    {
        var never = new FaultRegistry();
        never.Add(new FaultRule(null, FaultKind.Status, Probability: 0));
        var always = new FaultRegistry();
        always.Add(new FaultRule(null, FaultKind.Status, Probability: 1));

        Assert.All(Enumerable.Range(0, 50), _ => Assert.Null(never.Evaluate("GET", "/", null)));
        Assert.All(Enumerable.Range(0, 50), _ => Assert.NotNull(always.Evaluate("GET", "/", null)));
    }

    [Fact]
    public void Remove_KnownAndUnknownId_ReportsWhetherRemoved()
    {
        var registry = new FaultRegistry();
        var id = registry.Add(new FaultRule(null, FaultKind.Hang));

        Assert.False(registry.Remove("nope"));
        Assert.True(registry.Remove(id));
        Assert.Empty(registry.List());
        Assert.Null(registry.Evaluate("GET", "/", null));
    }
}
