namespace AdvisoryTracker.Domain.Tests.Architecture.CycleSample.Gamma;

/// <summary>Sample for <see cref="NamespaceCycleTests"/>: Gamma → Alpha, on no cycle.</summary>
internal static class GammaUser
{
    public static int Use(Beta.BetaNode beta) => Alpha.AlphaNode.Size(beta);
}
