using AdvisoryTracker.Domain.Notifications;

namespace AdvisoryTracker.Integration.Tests.Notifications;

/// <summary>What the daily digest may hold back: never unscored or known-exploited advisories.</summary>
public sealed class RecipientPreferencesTests
{
    private static readonly RecipientPreferences DailyBelowHigh = new("nurse@example.org", SeverityLevel.High, DigestMode.Daily);

    [Theory]
    [InlineData(SeverityLevel.Medium, null, true)]
    [InlineData(SeverityLevel.Low, false, true)]
    [InlineData(SeverityLevel.High, null, false)]
    [InlineData(SeverityLevel.Critical, null, false)]
    [InlineData(SeverityLevel.Medium, true, false)]
    public void Defers_BelowThresholdOnly_AndNeverWhenExploited(SeverityLevel severity, bool? exploited, bool deferred)
    {
        Assert.Equal(deferred, DailyBelowHigh.Defers(severity, exploited));
    }

    [Fact]
    public void Defers_UnscoredAdvisory_IsNeverHeldBack()
    {
        Assert.False(DailyBelowHigh.Defers(null, null));
    }

    [Fact]
    public void Defers_ImmediateMode_HoldsNothingBack()
    {
        Assert.False((DailyBelowHigh with { Digest = DigestMode.Immediate }).Defers(SeverityLevel.Low, null));
    }

    [Fact]
    public void SeverityOf_RealAdvisory_IsItsHighestCvssSeverity()
    {
        Assert.Equal(SeverityLevel.High, SeverityLevels.Of(NotificationScenario.BioDose()));
        Assert.Null(SeverityLevels.Of(NotificationScenario.BioDose() with { Vulnerabilities = [] }));
    }
}
