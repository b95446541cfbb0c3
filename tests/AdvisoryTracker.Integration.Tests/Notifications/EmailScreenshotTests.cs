using System.Buffers.Binary;
using System.Diagnostics;
using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Csaf;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.TestInfrastructure;
using Microsoft.Extensions.Options;

namespace AdvisoryTracker.Integration.Tests.Notifications;

/// <summary>
/// One email per IoMT segment, built from a real CISA advisory and matched by the real matcher, rendered by headless
/// Chromium at 1280 px and 390 px. The PNGs go to a temporary folder, or to <c>EMAIL_SCREENSHOTS_DIR</c> when set
/// (the README's command writes them to docs/screenshots). Chromium is Debian's package (infra/test.sh installs it).
/// </summary>
public sealed class EmailScreenshotTests
{
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>(segment, advisory fixture, manufacturer, model, version, department, patients)</summary>
    public static TheoryData<string, string, string, string, string, string, int?> Samples() => new()
    {
        { "on-body", "icsma-21-012-01.json", "SOOIL", "Dana Diabecare RS", "2.9", "Diabetes clinic", 14 },
        { "in-home", "icsma-25-205-01.json", "Medtronic", "MyCareLink Patient Monitor model 24950", "", "Cardiology (home monitoring)", 230 },
        { "community", "icsma-24-151-02.json", "Baxter", "Welch Allyn Connex Spot Monitor", "1.52", "Community nursing", null },
        { "in-clinic", "icsma-24-249-01.json", "Baxter", "Connex Health Portal", "", "Outpatient clinic", null },
        { "in-hospital", "icsma-25-336-01.json", "Mirion Medical", "EC2 Software NMIS BioDose", "22.02", "Nuclear Medicine", null },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Email_PerSegment_RendersInChromiumAtDesktopAndPhoneWidth(
        string segment, string fixture, string manufacturer, string model, string version, string department, int? patients)
    {
        var read = new CsafReader().Read(File.ReadAllBytes(RepositoryPaths.Fixture("csaf", "icsma", fixture)));
        Assert.True(read.Succeeded, read.RejectionReason);
        var advisory = read.Advisory!;
        const string clinician = "dr.lee@example.org";
        Assert.True(CareSegments.TryParse(segment, out var careSegment));
        var device = new Device
        {
            Id = $"{segment}-1",
            Manufacturer = manufacturer,
            Model = model,
            Version = version.Length == 0 ? null : version,
            Segment = careSegment,
            Department = department,
            Contacts = ["clinical.engineering@example.org"],
            PatientCount = patients,
            Prescribers = patients is null ? [] : [clinician],
        };
        var match = Assert.Single(new AdvisoryMatcher().Match(advisory, [device]), m => m.Status.IsFlagged());
        var links = Options.Create(new ActionLinkOptions { ActionLinkKey = "screenshot-sample-key-not-a-secret-0123456789" });
        var composer = new NotificationEmailComposer(
            Options.Create(new NotificationEmailOptions { PublicBaseUrl = "https://tracker.example.org" }),
            new NotificationTemplates(Options.Create(new NotificationTemplateOptions())),
            new ActionLinkSigner(links, TimeProvider.System), links);
        var email = composer.Compose(
            NotificationMessage.Create(patients is null ? device.Contacts[0] : clinician, advisory.Id, advisory.Revision, NotificationKind.NewMatch, [device.Id]),
            advisory, [new AffectedDevice(device, match.Status, match.Explanation.ToString())]);

        var folder = Environment.GetEnvironmentVariable("EMAIL_SCREENSHOTS_DIR") is { Length: > 0 } configured
            ? Directory.CreateDirectory(configured).FullName
            : Directory.CreateTempSubdirectory("email-screenshots-").FullName;
        var html = Path.Combine(Path.GetTempPath(), $"email-{segment}-{Guid.NewGuid():N}.html");
        await File.WriteAllTextAsync(html, email.HtmlBody);
        try
        {
            foreach (var (width, height) in new[] { (1280, 2300), (390, 4200) })
            {
                var png = Path.Combine(folder, $"email-{segment}-{width}.png");
                await ScreenshotAsync(html, png, width, height);
                var header = new byte[24];
                await using (var stream = File.OpenRead(png))
                {
                    await stream.ReadExactlyAsync(header);
                }

                Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, header[..4]);
                Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(16, 4)));
            }
        }
        finally
        {
            File.Delete(html);
        }

        Assert.Contains(device.Model, email.Subject, StringComparison.Ordinal);
    }

    private static async Task ScreenshotAsync(string html, string png, int width, int height)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium (infra/test.sh does it)");
        File.Delete(png);
        var start = new ProcessStartInfo(Chromium)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--force-device-scale-factor=1",
            $"--user-data-dir={Path.Combine(Path.GetTempPath(), "chromium-email-" + Guid.NewGuid().ToString("N"))}",
            $"--window-size={width},{height}", $"--screenshot={png}", new Uri(html).AbsoluteUri,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(File.Exists(png), $"chromium wrote no screenshot (exit {process.ExitCode}): {await stderr}");
    }
}
