using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Tests.Architecture.CycleSample.Alpha;

namespace AdvisoryTracker.Domain.Tests.Architecture;

/// <summary>
/// No namespace cycle inside the domain: each feature namespace depends only on namespaces below it, so a folder can be
/// read (and changed) without the ones that use it. The graph is read from the compiled IL (<see cref="NamespaceGraph"/>).
/// </summary>
public sealed class NamespaceCycleTests
{
    private const string DomainNamespace = "AdvisoryTracker.Domain";

    [Fact]
    public void Domain_HasNoNamespaceCycle()
    {
        var graph = NamespaceGraph.Read(typeof(Advisory).Assembly.Location, DomainNamespace);

        var cycles = graph.FindCycles();

        Assert.True(graph.Edges.Count > 20, $"the graph reader found only {graph.Edges.Count} namespace edges in the domain");
        Assert.True(cycles.Count == 0, $"{cycles.Count} namespace cycle(s) in {DomainNamespace}:{Environment.NewLine}{string.Join(Environment.NewLine, cycles)}");
    }

    [Fact]
    public void Detector_FindsACycleHiddenInALambdaOfAnAsyncMethod()
    {
        // CycleSample: Alpha → Beta (method parameter), Beta → Alpha (only inside a lambda in an async method), Gamma → both.
        const string sample = "AdvisoryTracker.Domain.Tests.Architecture.CycleSample";
        var graph = NamespaceGraph.Read(typeof(AlphaNode).Assembly.Location, sample);

        var cycle = Assert.Single(graph.FindCycles());

        Assert.Equal([sample + ".Alpha", sample + ".Beta"], cycle.Namespaces);
        var backEdge = Assert.Single(cycle.Edges, e => e.From == sample + ".Beta");
        Assert.Contains("BetaNode", backEdge.Example, StringComparison.Ordinal);
        Assert.Contains("AlphaNode", backEdge.Example, StringComparison.Ordinal);
        Assert.Contains((sample + ".Gamma", sample + ".Alpha"), graph.Edges.Keys);
    }

    [Fact]
    public void Detector_ReportsEachComponentOnceAndIgnoresAcyclicEdges()
    {
        var graph = new NamespaceGraph();
        graph.Add("N.A", "N.B", "A1 → B1");
        graph.Add("N.B", "N.C", "B1 → C1");
        graph.Add("N.C", "N.A", "C1 → A1");
        graph.Add("N.C", "N.D", "C1 → D1");
        graph.Add("N.E", "N.F", "E1 → F1");
        graph.Add("N.F", "N.E", "F1 → E1");
        graph.Add("N.G", "N.G", "self references are not cycles between namespaces");

        var cycles = graph.FindCycles();

        Assert.Equal(2, cycles.Count);
        Assert.Equal(["N.A", "N.B", "N.C"], cycles[0].Namespaces);
        Assert.Equal(3, cycles[0].Edges.Count);
        Assert.Equal(["N.E", "N.F"], cycles[1].Namespaces);
        Assert.Contains("F1 → E1", cycles[1].ToString(), StringComparison.Ordinal);
    }
}
