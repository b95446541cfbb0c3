using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Fda;
using AdvisoryTracker.Domain.Notifications;

namespace AdvisoryTracker.Domain.Tests.Sources;

/// <summary>Issue 16, point 1: the recall class drives the severity level that thresholds and escalation read.</summary>
public sealed class RecallSeverityLevelTests
{
    private static Advisory Recall(string recallClass) => new()
    {
        Id = "FDA-ENFORCEMENT-Z-0001-2026",
        Kind = AdvisoryKind.Recall,
        Title = "Recall",
        RecallClass = recallClass,
        Severity = OpenFdaReader.SeverityOf(recallClass),
    };

    [Theory]
    [InlineData("Class I", SeverityLevel.Critical)]
    [InlineData("Class II", SeverityLevel.Medium)]
    [InlineData("Class III", SeverityLevel.Low)]
    public void SeverityOf_RecallWithoutCvss_IsTheRecallClassLevel(string recallClass, SeverityLevel expected) =>
        Assert.Equal(expected, SeverityLevels.Of(Recall(recallClass)));

    [Fact]
    public void ClassOneRecall_IsCriticalSoItEscalatesAndIsNeverDeferredBelowAHighThreshold()
    {
        var level = SeverityLevels.Of(Recall("Class I"));
        var highThreshold = new RecipientPreferences("a@example.org", SeverityLevel.High, DigestMode.Daily);

        Assert.Equal(SeverityLevel.Critical, level); // EscalationService escalates Critical only
        Assert.False(highThreshold.Defers(level, knownExploited: null));
        Assert.True(highThreshold.Defers(SeverityLevels.Of(Recall("Class III")), knownExploited: null));
        Assert.Equal("CRITICAL (FDA Class I recall)", SeverityLevels.Describe(Recall("Class I")));
    }
}
