using System.Net;
using AdvisoryTracker.Domain.Devices;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Remediation;
using AdvisoryTracker.Integration.Tests.Infrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AdvisoryTracker.Integration.Tests.Notifications;

/// <summary>
/// One-click actions from a real email: the real advisory is matched, the email delivered to MailDev, and its links
/// opened over loopback HTTP against the local runner on Azurite. GET only shows a confirmation page; POST with the
/// token records the action with the recipient as actor; tampered, expired and other-device links get a 4xx HTML page
/// and change nothing.
/// </summary>
public sealed class EmailActionLinkTests(AzuriteFixture azurite, MailDevFixture mail) : IEmulatorTests
{
    private static readonly TimeSpan MailWait = TimeSpan.FromSeconds(10);

    /// <summary>The link for one action from the email's text part, as a path and query on the runner.</summary>
    private static string Link(ReceivedEmail email, EmailAction action)
    {
        var line = email.Text!.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(action.Label() + ": http", StringComparison.Ordinal));
        var url = new Uri(line[(action.Label().Length + 2)..]);
        return url.PathAndQuery.TrimStart('/');
    }

    private static string Token(string link) => System.Web.HttpUtility.ParseQueryString(new Uri("http://x/" + link).Query)["t"]!;

    private static async Task<(HttpStatusCode Status, string Html, string? ContentType)> GetAsync(LocalRunner runner, string link)
    {
        using var response = await runner.Http.GetAsync(link);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<(HttpStatusCode Status, string Html)> PostAsync(LocalRunner runner, string path, string token, EmailAction action)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["t"] = token, ["do"] = action.ToName() });
        using var response = await runner.Http.PostAsync(path, content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<TrackedMatch> MatchAsync(LocalRunner runner, string deviceId) =>
        Assert.Single(await runner.Get<IRemediationStore>().ListForDeviceAsync(deviceId, CancellationToken.None));

    private async Task<(LocalRunner Runner, NotificationScenario Scenario, Device Device, ReceivedEmail Email)> EmailedAsync()
    {
        var runner = await LocalRunner.StartAsync(azurite, mail);
        var scenario = new NotificationScenario(runner);
        var device = await scenario.ReadyAsync();
        Assert.Equal(1, (await scenario.DrainAsync()).Sent);
        var email = Assert.Single(await mail.WaitForEmailsToAsync(scenario.Clinician, 1, MailWait));
        return (runner, scenario, device, email);
    }

    [Fact]
    public async Task ValidLink_GetOnlyConfirms_PostRecordsTheActionWithTheRecipientAsActor()
    {
        var (runner, scenario, device, email) = await EmailedAsync();
        await using var _ = runner;
        var link = Link(email, EmailAction.Mitigated);

        var page = await GetAsync(runner, link);
        var again = await GetAsync(runner, link); // mail scanners prefetch links

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("text/html", page.ContentType);
        Assert.Contains("Confirm: Mark mitigated", page.Html, StringComparison.Ordinal);
        Assert.Contains("<form method=\"post\">", page.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(RemediationStatus.Open, (await MatchAsync(runner, device.Id)).Remediation.Status);

        var done = await PostAsync(runner, link[..link.IndexOf('?', StringComparison.Ordinal)], Token(link), EmailAction.Mitigated);

        Assert.Equal(HttpStatusCode.OK, done.Status);
        Assert.Contains("Thank you: recorded", done.Html, StringComparison.Ordinal);
        var match = await MatchAsync(runner, device.Id);
        Assert.Equal(RemediationStatus.Mitigated, match.Remediation.Status);
        Assert.Equal(scenario.Clinician, match.Remediation.By);
        var entry = Assert.Single(match.History);
        Assert.Equal(scenario.Clinician, entry.By);
        Assert.Contains("One-click email link: Mark mitigated", entry.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TamperedLink_Is403Html_AndChangesNothing()
    {
        var (runner, _, device, email) = await EmailedAsync();
        await using var __ = runner;
        var link = Link(email, EmailAction.Patched);
        var token = Token(link);
        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        var path = link[..link.IndexOf('?', StringComparison.Ordinal)];

        var page = await GetAsync(runner, $"{path}?do=patched&t={Uri.EscapeDataString(tampered)}");
        var post = await PostAsync(runner, path, tampered, EmailAction.Patched);
        var noToken = await PostAsync(runner, path, "", EmailAction.Patched);

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal("text/html", page.ContentType);
        Assert.Contains("This link is not valid", page.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, post.Status);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.Status);
        Assert.Equal(RemediationStatus.Open, (await MatchAsync(runner, device.Id)).Remediation.Status);
        Assert.Empty((await MatchAsync(runner, device.Id)).History);
    }

    [Fact]
    public async Task LinkReplayedForAnotherDevice_Is403_AndNeitherDeviceChanges()
    {
        await using var runner = await LocalRunner.StartAsync(azurite, mail);
        var scenario = new NotificationScenario(runner);
        var first = await scenario.RegisterAsync("biodose-1");
        var second = await scenario.RegisterAsync("biodose-2");
        await scenario.IngestAsync(NotificationScenario.BioDose());
        Assert.Equal(1, await scenario.RelayAsync());
        Assert.Equal(1, (await scenario.DrainAsync()).Sent);
        var email = Assert.Single(await mail.WaitForEmailsToAsync(scenario.Clinician, 1, MailWait));
        Assert.Contains("security advisory affects 2 of your devices", email.Subject, StringComparison.Ordinal);
        var line = email.Text!.Split('\n').Select(l => l.Trim())
            .Single(l => l.StartsWith(EmailAction.NotMine.Label() + ": http", StringComparison.Ordinal) && l.Contains($"/act/{first.Id}/", StringComparison.Ordinal));
        var link = new Uri(line[(EmailAction.NotMine.Label().Length + 2)..]).PathAndQuery.TrimStart('/');
        var otherDevice = link.Replace($"act/{first.Id}/", $"act/{second.Id}/", StringComparison.Ordinal);
        Assert.NotEqual(link, otherDevice);

        var page = await GetAsync(runner, otherDevice);
        var post = await PostAsync(runner, otherDevice[..otherDevice.IndexOf('?', StringComparison.Ordinal)], Token(link), EmailAction.NotMine);

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Contains("belongs to another device or advisory", page.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, post.Status);
        Assert.Equal(RemediationStatus.Open, (await MatchAsync(runner, first.Id)).Remediation.Status);
        Assert.Equal(RemediationStatus.Open, (await MatchAsync(runner, second.Id)).Remediation.Status);
    }

    [Fact]
    public async Task ExpiredLink_Is410Html_AndChangesNothing()
    {
        var (runner, scenario, device, _) = await EmailedAsync();
        await using var __ = runner;
        // A link the same key signed 31 days ago, with the default 30-day lifetime.
        var then = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-31));
        var signer = new ActionLinkSigner(Options.Create(new ActionLinkOptions { ActionLinkKey = LocalRunner.ActionLinkKey }), then);
        var token = signer.Create(scenario.Clinician, device.Id, NotificationScenario.AdvisoryId, "1")!;
        var path = $"api/act/{device.Id}/{NotificationScenario.AdvisoryId}";

        var page = await GetAsync(runner, $"{path}?do=acknowledge&t={Uri.EscapeDataString(token)}");
        var post = await PostAsync(runner, path, token, EmailAction.Acknowledge);

        Assert.Equal(HttpStatusCode.Gone, page.Status);
        Assert.Contains("This link has expired", page.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, post.Status);
        Assert.Equal(RemediationStatus.Open, (await MatchAsync(runner, device.Id)).Remediation.Status);
    }

    [Fact]
    public async Task ValidLink_AcknowledgeThenPatched_BothRecorded_AndAFormWithoutTokenIsRefused()
    {
        var (runner, scenario, device, email) = await EmailedAsync();
        await using var _ = runner;
        var link = Link(email, EmailAction.Acknowledge);
        var path = link[..link.IndexOf('?', StringComparison.Ordinal)];

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(runner, path, Token(link), EmailAction.Acknowledge)).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(runner, path, Token(link), EmailAction.Patched)).Status);
        using var json = new StringContent("{\"do\":\"patched\"}", System.Text.Encoding.UTF8, "application/json");
        using var notAForm = await runner.Http.PostAsync(path, json);

        // The shared API pipeline refuses a body that is not a form before the page runs: 415, and nothing changes.
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notAForm.StatusCode);
        var match = await MatchAsync(runner, device.Id);
        Assert.Equal(RemediationStatus.Patched, match.Remediation.Status);
        Assert.Equal([RemediationStatus.Patched, RemediationStatus.InProgress], match.History.Select(h => h.Status));
        Assert.All(match.History, h => Assert.Equal(scenario.Clinician, h.By));
    }
}
