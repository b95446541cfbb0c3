using System.Globalization;
using AdvisoryTracker.Cli.LocalRunner;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Sources;
using AdvisoryTracker.Domain.Tracking;
using AdvisoryTracker.TestInfrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AdvisoryTracker.Browser.Tests;

/// <summary>
/// The product's local runner (its real web host, scheduled jobs off), in-process on a free loopback port against
/// Azurite, with the sample advisories of infra/sample-advisories ingested 40 days ago (a test clock, so due dates
/// can be overdue) and a few devices registered and matched. One-click email links are signed with
/// <see cref="ActionLinkKey"/>; with MailDev given, notifications go to it and the emails' links point at this host.
/// </summary>
public sealed class ConsoleHost : IAsyncDisposable
{
    public const string Key = "browser-test-key";
    public const string AdminName = "Dana Admin";
    public const string ActionLinkKey = "browser-test-action-link-key-0123456789";

    private ConsoleHost(WebApplication app, Uri baseAddress, FakeTimeProvider clock)
    {
        App = app;
        BaseAddress = baseAddress;
        Clock = clock;
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public FakeTimeProvider Clock { get; }

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public string Url(string path) => new Uri(BaseAddress, path.TrimStart('/')).ToString();

    /// <summary>The seeded devices: one affected by a dated advisory, others with no version (possibly affected).</summary>
    public static IReadOnlyList<DeviceInput> SeedDevices { get; } =
    [
        new() { Id = "biodose-nm", Manufacturer = "Mirion Medical", Model = "EC2 Software NMIS BioDose", Version = "22.02", Segment = "in-hospital", Department = "Nuclear Medicine", Contacts = ["nuclear.medicine@example.org"] },
        new() { Id = "minimed-remote", Manufacturer = "Medtronic", Model = "MiniMed MMT-500 remote controller", Segment = "on-body", Department = "Diabetes Clinic", Contacts = ["diabetes@example.org"] },
        new() { Id = "alaris-pcu", Manufacturer = "BD", Model = "Alaris PC Unit", Segment = "in-hospital", Department = "Intensive Care", Contacts = ["icu@example.org"] },
        new() { Id = "osirix-md", Manufacturer = "Pixmeo", Model = "OsiriX MD", Segment = "in-clinic", Department = "Radiology", Contacts = ["radiology@example.org"] },
        new() { Id = "dicom-viewer", Manufacturer = "MicroDicom", Model = "DICOM Viewer", Version = "2024.2", Segment = "community", Department = "Mobile Imaging", Contacts = ["imaging@example.org"] },
    ];

    /// <summary>Sets the patient count of a seeded device through the registry service, as an admin would.</summary>
    public async Task<DeviceWriteOutcome?> SetPatientCountAsync(string deviceId, string count)
    {
        var stored = await Get<IDeviceRegistry>().GetAsync(deviceId, CancellationToken.None);
        var input = SeedDevices.Single(d => d.Id == deviceId) with { PatientCount = count };
        return (await Get<DeviceAdministrationService>().ReplaceAsync(deviceId, input, stored!.ETag, CancellationToken.None)).Outcome;
    }

    public static async Task<ConsoleHost> StartAsync(AzuriteFixture azurite, bool seedDevices = true, MailDevFixture? mail = null)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-40));
        // With mail, the port is chosen first: the emails' links (App:PublicBaseUrl) must name this host.
        var url = mail is null ? "http://127.0.0.1:0" : $"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}";
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["AzureWebJobsStorage:NamePrefix"] = "b" + Guid.NewGuid().ToString("N")[..10],
            ["Notifications:Transport"] = "StorageQueue",
            ["Notifications:QueueName"] = "notifications",
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = mail?.SmtpPort.ToString(CultureInfo.InvariantCulture) ?? "25",
            ["Smtp:Security"] = "None",
            ["Smtp:FromAddress"] = "advisories@example.org",
            ["LocalRunner:FunctionKey"] = Key,
            ["LocalRunner:Urls"] = url,
            ["Notifications:ActionLinkKey"] = ActionLinkKey,
            ["NotificationDrain:ReceiveWait"] = "00:00:00.500",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Console:SessionKey"] = "browser-test-session-key-0123456789abcdef",
            ["CsafSources:0:Name"] = "sample-folder",
            ["CsafSources:0:Kind"] = "Folder",
            ["CsafSources:0:Location"] = Path.Combine(RepositoryPaths.Root, "infra", "sample-advisories"),
            ["CsafSources:0:MinimumInterval"] = "00:00:00",
            ["CsafSources:0:RequireSignatures"] = "false",
        };
        if (mail is not null)
        {
            values["App:PublicBaseUrl"] = url;
        }

        var app = LocalRunnerHost.Build([], c => c.AddInMemoryCollection(values), runJobs: false, services: s => s.AddSingleton<TimeProvider>(clock));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var host = new ConsoleHost(app, new Uri(address.TrimEnd('/') + "/"), clock);

        await host.Get<SourceSyncRunner>().RunAsync(force: true, onlySource: null, CancellationToken.None);
        if (seedDevices)
        {
            foreach (var device in SeedDevices)
            {
                var result = await host.Get<DeviceRegistrationService>().RegisterAsync(device, CancellationToken.None);
                if (result.Outcome != RegistrationOutcome.Created)
                {
                    throw new InvalidOperationException($"seed device {device.Id} was refused: {string.Join("; ", result.Errors.Select(e => e.Field + " " + e.Message))}");
                }
            }

            await host.MatchNewDevicesAsync();
        }

        // Back to the present; every reading of the clock then moves it on a little, as real time does between clicks.
        clock.SetUtcNow(DateTimeOffset.UtcNow);
        clock.AutoAdvanceAmount = TimeSpan.FromMilliseconds(50);
        return host;
    }

    /// <summary>Runs the backfill the local runner's timer would run (devices registered or imported are matched).</summary>
    public Task MatchNewDevicesAsync() => Get<DeviceBackfillService>().RunAsync(CancellationToken.None);

    /// <summary>Runs what the local runner's timers would: the outbox relay, then the notification drain (emails to the SMTP server).</summary>
    public async Task<int> SendNotificationsAsync()
    {
        await Get<NotificationRelay>().RelayAsync(CancellationToken.None);
        return (await Get<NotificationDispatcher>().DrainAsync(CancellationToken.None)).Sent;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
