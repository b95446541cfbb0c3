using System.Net;
using System.Net.Http.Json;
using AdvisoryTracker.Domain.Csaf;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Sources;
using AdvisoryTracker.Domain.Tracking;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;
using AdvisoryTracker.TestInfrastructure.Http;

namespace AdvisoryTracker.Integration.Tests.Pipeline;

/// <summary>
/// The whole product on real components: real ICSMA CSAF files over loopback HTTP, a device registered through the HTTP
/// route, ingestion, matching, the outbox relay, the storage queue, the drain and a real SMTP server.
/// </summary>
public sealed class PipelineEndToEndTests(AzuriteFixture azurite, MailDevFixture mail) : IEmulatorTests
{
    private static readonly string[] ServedAdvisories = ["icsma-25-336-01.json", "icsma-24-352-01.json", "icsma-25-037-01.json"];

    [Fact]
    public async Task Pipeline_RealAdvisoryMatchesRegisteredDevice_EmailsItsClinicianOnceAndNobodyElse()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail);
        await using var server = await LoopbackHttpServer.StartAsync(RepositoryPaths.Fixture("csaf", "icsma"));
        var clinician = $"nuclear-medicine-{Guid.NewGuid():N}@example.org";
        var unrelatedClinician = $"icu-{Guid.NewGuid():N}@example.org";

        await RegisterAsync(runner, "biodose-1", "Mirion Medical", "EC2 Software NMIS BioDose", "22.02", clinician);
        await RegisterAsync(runner, "monitor-1", "Philips", "IntelliVue MX800", "M.00.03", unrelatedClinician);
        await runner.Get<DeviceBackfillService>().RunAsync(CancellationToken.None);

        await IngestAsync(runner, server);
        await runner.Get<NotificationRelay>().RelayAsync(CancellationToken.None);
        var drained = await runner.Get<NotificationDispatcher>().DrainAsync(CancellationToken.None);

        Assert.Equal(1, drained.Sent);
        var emails = await mail.WaitForEmailsToAsync(clinician, 1, TimeSpan.FromSeconds(10));
        var email = Assert.Single(emails);
        Assert.Contains("EC2 Software NMIS BioDose: security advisory affects 1 of your devices", email.Subject, StringComparison.Ordinal);
        Assert.Contains("ICSMA-25-336-01", email.Text, StringComparison.Ordinal);
        Assert.Contains("EC2 Software NMIS BioDose", email.Text, StringComparison.Ordinal);
        Assert.Empty(await mail.EmailsToAsync(unrelatedClinician));

        // A second run of every stage changes nothing and sends nothing.
        await IngestAsync(runner, server);
        Assert.Equal(0, await runner.Get<NotificationRelay>().RelayAsync(CancellationToken.None));
        var second = await runner.Get<NotificationDispatcher>().DrainAsync(CancellationToken.None);
        Assert.Equal(0, second.Received);
        Assert.Single(await mail.EmailsToAsync(clinician));
    }

    private static async Task RegisterAsync(LocalRunner runner, string id, string manufacturer, string model, string version, string contact)
    {
        var request = runner.Request(HttpMethod.Post, "api/devices");
        request.Content = JsonContent.Create(new
        {
            id, manufacturer, model, version, segment = "in-hospital", department = "Nuclear Medicine", contacts = new[] { contact },
        });
        var response = await runner.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task IngestAsync(LocalRunner runner, LoopbackHttpServer server)
    {
        var sink = runner.Get<IAdvisorySink>();
        using var http = new HttpClient();
        foreach (var file in ServedAdvisories)
        {
            var bytes = await http.GetByteArrayAsync(server.Url(file));
            var read = new CsafReader().Read(bytes);
            Assert.True(read.Succeeded, read.RejectionReason);
            await sink.StoreAsync(read.Advisory!, bytes, "cisa-test", CancellationToken.None);
        }
    }
}
