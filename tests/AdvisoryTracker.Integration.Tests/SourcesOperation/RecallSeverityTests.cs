using System.Text.Json;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Fda;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Sources;
using AdvisoryTracker.Integration.Tests.Api;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;

namespace AdvisoryTracker.Integration.Tests.SourcesOperation;

/// <summary>
/// Issue 16, point 1: the openFDA recall class is the severity of a recall (Class I critical, II medium, III low) wherever
/// severity is used. The record is the real enforcement example from openFDA's documentation (Encore Medical, a Class II
/// recall of a bone screw), read by the product's reader and stored through the local runner's sink into Azurite.
/// </summary>
public sealed class RecallSeverityTests(AzuriteFixture azurite, MailDevFixture mail) : IEmulatorTests
{
    private static Domain.Advisories.Advisory ClassTwoRecall()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(RepositoryPaths.Fixture("openfda", "openfda_device_enforcement_docs_examples.json")));
        var record = OpenFdaReader.ReadRecord(document.RootElement.GetProperty("result"), OpenFdaEndpoint.Enforcement);
        Assert.NotNull(record.Advisory);
        Assert.Equal("Class II", record.Advisory.RecallClass);
        return record.Advisory;
    }

    [Fact]
    public async Task ClassTwoRecall_Stored_HasSeverityMediumAndIsListedUnderSeverityMedium()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail);
        var api = new ApiClient(runner);
        var recall = ClassTwoRecall();

        await runner.Get<IAdvisorySink>().StoreAsync(recall, "{}"u8.ToArray(), "openfda-device-enforcement", CancellationToken.None);

        var medium = await api.GetJsonAsync("api/advisories?severity=MEDIUM");
        var listed = Assert.Single(medium.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == recall.Id);
        Assert.Equal("MEDIUM", listed.GetProperty("severity").GetString());
        Assert.DoesNotContain(
            (await api.GetJsonAsync("api/advisories?severity=CRITICAL")).GetProperty("items").EnumerateArray(),
            i => i.GetProperty("id").GetString() == recall.Id);
        var detail = await api.GetJsonAsync($"api/advisories/{Uri.EscapeDataString(recall.Id)}");
        Assert.Equal("MEDIUM", detail.GetProperty("severity").GetString());
        Assert.Equal("Class II", detail.GetProperty("recallClass").GetString());
    }

    [Fact]
    public async Task ClassTwoRecall_MatchedDevice_EmailSubjectSaysMediumNotNotScored()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail);
        var clinician = $"ortho-{Guid.NewGuid():N}@example.org";
        var recall = ClassTwoRecall();
        await runner.Get<IDeviceRegistry>().AddAsync(new Device
        {
            Id = $"screw-{Guid.NewGuid():N}"[..20],
            Manufacturer = recall.Products[0].Vendor,
            Model = recall.Products[0].ProductName,
            Version = "1",
            Department = "Orthopaedics",
            Contacts = [clinician],
        }, CancellationToken.None);

        await runner.Get<IAdvisorySink>().StoreAsync(recall, "{}"u8.ToArray(), "openfda-device-enforcement", CancellationToken.None);
        Assert.Equal(1, await runner.Get<NotificationRelay>().RelayAsync(CancellationToken.None));
        await runner.Get<NotificationDispatcher>().DrainAsync(CancellationToken.None);

        var email = Assert.Single(await mail.WaitForEmailsToAsync(clinician, 1, TimeSpan.FromSeconds(10)));
        Assert.Contains("MEDIUM", email.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("not scored", email.Subject, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("FDA Class II recall", email.Text, StringComparison.Ordinal);
    }
}
