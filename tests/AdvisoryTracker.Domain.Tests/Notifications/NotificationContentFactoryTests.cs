using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Notifications;

namespace AdvisoryTracker.Domain.Tests.Notifications;

/// <summary>What a routed notification carries, and its size bound (pure functions and the real templates; no fakes of ports).</summary>
public sealed class NotificationContentFactoryTests
{
    [Fact]
    public void Create_ManyDevices_EmbedsThemUpToTheBudget_AndTheEmailCountsTheRest()
    {
        var advisory = NotificationHarness.Advisory("ADV-1");
        var devices = Enumerable.Range(0, 1000)
            .Select(i => new AffectedDevice(NotificationHarness.Pump($"pump-{i:D4}", "ward@example.org"), MatchStatus.Affected, new string('x', 300)))
            .ToList();

        var content = NotificationContentFactory.Create(advisory, devices, "ward@example.org");
        var email = new NotificationHarness().Composer.Compose(
            NotificationMessage.Create("ward@example.org", "ADV-1", "1", NotificationKind.NewMatch, devices.Select(d => d.Device.Id)).WithContent(content));

        Assert.InRange(content.Devices.Count, 1, 999);
        Assert.Equal(1000, content.DeviceCount);
        Assert.Equal(1000 - content.Devices.Count, content.OmittedDevices);
        Assert.Contains("YOUR DEVICES (1000)", email.TextBody, StringComparison.Ordinal);
        Assert.Contains($"and {content.OmittedDevices} more devices: see the console.", email.TextBody, StringComparison.Ordinal);
        Assert.Contains($"And {content.OmittedDevices} more devices", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("1000 of your devices", email.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_FewDevices_EmbedsAll_AndTheEmailHasNoMoreLine()
    {
        var advisory = NotificationHarness.Advisory("ADV-1");
        var content = NotificationContentFactory.Create(advisory, [new AffectedDevice(NotificationHarness.Pump("pump-1", "nurse@example.org"), MatchStatus.PossiblyAffected, null)], "nurse@example.org");
        var email = new NotificationHarness().Composer.Compose(
            NotificationMessage.Create("nurse@example.org", "ADV-1", "1", NotificationKind.NewMatch, ["pump-1"]).WithContent(content));

        Assert.Equal(0, content.OmittedDevices);
        Assert.Equal("The advisory names Probe Medical Infusor X200 but could not tell whether version 2.0 is affected: check with the vendor.", Assert.Single(content.Devices).Why);
        Assert.DoesNotContain("more devices", email.TextBody, StringComparison.Ordinal);
    }
}
