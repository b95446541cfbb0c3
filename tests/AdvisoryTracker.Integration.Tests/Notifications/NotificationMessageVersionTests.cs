using System.Text;
using AdvisoryTracker.Adapters.Queues;
using AdvisoryTracker.Adapters.Storage;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;

namespace AdvisoryTracker.Integration.Tests.Notifications;

/// <summary>
/// The queue message is versioned: a version-1 body (a header only, as relays before routing moved to the relay wrote
/// it) still decodes and is delivered; version 2 carries the routed content; an unknown version does not decode. The
/// codec facts need no emulator; the end-to-end one runs on Azurite and MailDev.
/// </summary>
public sealed class NotificationMessageVersionTests(AzuriteFixture azurite, MailDevFixture mail) : IEmulatorTests
{
    /// <summary>Exactly what the version-1 relay wrote (camelCase, string enums, no version property).</summary>
    private static string Version1Body(string recipient, string deviceId) =>
        $$"""{"messageId":"n-{{Guid.NewGuid():N}}","recipient":"{{recipient}}","advisoryId":"{{NotificationScenario.AdvisoryId}}","revision":"1","kind":"NewMatch","deviceIds":["{{deviceId}}"],"devicesByReference":false}""";

    [Fact]
    public void Codec_Version1Body_DecodesAsAHeaderWithoutContent()
    {
        var message = NotificationMessageCodec.TryDecode(BinaryData.FromString(Version1Body("nurse@example.org", "pump-1")));

        Assert.NotNull(message);
        Assert.Equal(1, message.Version);
        Assert.Null(message.Content);
        Assert.Equal(("nurse@example.org", NotificationScenario.AdvisoryId, "1", NotificationKind.NewMatch), (message.Recipient, message.AdvisoryId, message.Revision, message.Kind));
        Assert.Equal(["pump-1"], message.DeviceIds);
    }

    [Fact]
    public void Codec_Version2_RoundTripsTheContent()
    {
        var device = new AdvisoryTracker.Domain.Devices.Device { Id = "pump-1", Manufacturer = "Mirion Medical", Model = "EC2 Software NMIS BioDose", Version = "22.02", Contacts = ["nurse@example.org"] };
        var content = NotificationContentFactory.Create(
            NotificationScenario.BioDose(), [new AffectedDevice(device, MatchStatus.Affected, "vendor and version match", 0.95)], "nurse@example.org", true,
            [new AdvisoryTracker.Domain.Kev.KnownExploitedInfo("CVE-2025-64642", new DateOnly(2026, 1, 5), "Apply updates.", null, false, "BioDose")]);
        var message = NotificationMessage.Create("nurse@example.org", NotificationScenario.AdvisoryId, "1", NotificationKind.NewMatch, ["pump-1"]).WithContent(content);

        var body = NotificationMessageCodec.Encode(message);
        var decoded = NotificationMessageCodec.TryDecode(body);

        Assert.Contains("\"version\":2", Encoding.UTF8.GetString(body.ToArray()), StringComparison.Ordinal);
        Assert.NotNull(decoded?.Content);
        Assert.Equal(NotificationMessage.CurrentVersion, decoded.Version);
        Assert.Equal(message.MessageId, decoded.MessageId);
        Assert.Equal(content.Advisory.Title, decoded.Content.Advisory.Title);
        Assert.Equal(content.Advisory.Fix, decoded.Content.Advisory.Fix);
        var notified = Assert.Single(decoded.Content.Devices);
        Assert.Equal((MatchStatus.Affected, 0.95, "vendor and version match"), (notified.Status!.Value, notified.Confidence!.Value, notified.Explanation));
        Assert.True(decoded.Content.KnownExploited);
        Assert.Equal("CVE-2025-64642", Assert.Single(decoded.Content.KnownExploitedEntries).CveId);
    }

    [Fact]
    public void Codec_UnknownVersion_OrVersion2WithoutContent_DoesNotDecode()
    {
        var body = Version1Body("nurse@example.org", "pump-1");

        Assert.Null(NotificationMessageCodec.TryDecode(BinaryData.FromString(body.Replace("\"messageId\"", "\"version\":3,\"messageId\"", StringComparison.Ordinal))));
        Assert.Null(NotificationMessageCodec.TryDecode(BinaryData.FromString(body.Replace("\"messageId\"", "\"version\":2,\"messageId\"", StringComparison.Ordinal))));
        Assert.NotNull(NotificationMessageCodec.TryDecode(BinaryData.FromString(body.Replace("\"messageId\"", "\"version\":1,\"messageId\"", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task Version1MessageLeftInTheQueue_IsRoutedAndDeliveredAfterTheUpgrade()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail);
        var scenario = new NotificationScenario(runner);
        var device = await scenario.RegisterAsync();
        await scenario.IngestAsync(NotificationScenario.BioDose());
        Assert.Equal(1, await scenario.RelayAsync());
        Assert.Equal(1, (await scenario.DrainAsync()).Sent);
        await mail.WaitForEmailsToAsync(scenario.Clinician, 1, TimeSpan.FromSeconds(10));

        // A header written by the previous version, still waiting in the queue when the new version starts.
        var queue = await runner.Get<TrackerStorage>().QueueAsync("notifications", CancellationToken.None);
        await queue.SendMessageAsync(BinaryData.FromString(Version1Body(scenario.Clinician, device.Id)));
        var drained = await scenario.DrainAsync();

        Assert.Equal(1, drained.Sent);
        var emails = await mail.WaitForEmailsToAsync(scenario.Clinician, 2, TimeSpan.FromSeconds(10));
        Assert.Equal(2, emails.Count);
        Assert.All(emails, e => Assert.Equal("[HIGH] Mirion Medical EC2 Software NMIS BioDose: security advisory affects 1 of your devices", e.Subject));
    }
}
