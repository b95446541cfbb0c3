using AdvisoryTracker.Domain.Notifications;

namespace AdvisoryTracker.Domain.Tests.Notifications;

/// <summary>The one factory of outbox rows (pure function: no fakes needed).</summary>
public sealed class OutboxEntriesTests
{
    [Fact]
    public void For_SameAddressInAnotherCaseOrWithSpaces_MakesOneRow_KeepingTheFirstSpelling()
    {
        var entries = OutboxEntries.For("pump-1", ["Nurse@Example.org", " nurse@example.org ", "NURSE@EXAMPLE.ORG", "doctor@example.org"], "ADV-1", "2", NotificationKind.NewMatch);

        Assert.Equal(["Nurse@Example.org", "doctor@example.org"], entries.Select(e => e.Recipient));
        Assert.All(entries, e => Assert.Equal(("pump-1", "ADV-1", "2", NotificationKind.NewMatch), (e.DeviceId, e.AdvisoryId, e.Revision, e.Kind)));
    }

    [Fact]
    public void For_BlankAddresses_AreSkipped()
    {
        Assert.Empty(OutboxEntries.For("pump-1", ["", "   "], "ADV-1", "1", NotificationKind.PatchAvailable));
    }

    [Fact]
    public void Key_IsTheSameForEverySpellingOfTheAddress_AndDiffersPerKind()
    {
        var upper = Assert.Single(OutboxEntries.For("pump-1", [" Nurse@Example.org"], "ADV-1", "1", NotificationKind.NewMatch));
        var lower = Assert.Single(OutboxEntries.For("pump-1", ["nurse@example.org"], "ADV-1", "1", NotificationKind.NewMatch));
        var patch = Assert.Single(OutboxEntries.For("pump-1", ["nurse@example.org"], "ADV-1", "1", NotificationKind.PatchAvailable));

        Assert.Equal(lower.Key, upper.Key);
        Assert.NotEqual(lower.Key, patch.Key);
    }
}
