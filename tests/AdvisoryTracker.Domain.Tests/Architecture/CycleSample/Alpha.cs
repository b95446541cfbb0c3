using AdvisoryTracker.Domain.Tests.Architecture.CycleSample.Beta;

namespace AdvisoryTracker.Domain.Tests.Architecture.CycleSample.Alpha;

/// <summary>Sample for <see cref="NamespaceCycleTests"/>: Alpha → Beta through a method signature.</summary>
internal sealed class AlphaNode
{
    public static int Size(BetaNode beta) => beta.GetHashCode();
}
