namespace AdvisoryTracker.Domain.Tests.Architecture.CycleSample.Beta;

/// <summary>
/// Sample for <see cref="NamespaceCycleTests"/>: Beta → Alpha only inside a lambda of an async method (a
/// compiler-generated state machine and closure), so the cycle is visible in IL and nowhere in the signatures.
/// </summary>
internal sealed class BetaNode
{
    public async Task<int> MeasureAsync(IEnumerable<BetaNode> nodes)
    {
        await Task.Yield();
        return nodes.Sum(n => Alpha.AlphaNode.Size(n));
    }
}
