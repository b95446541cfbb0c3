using AdvisoryTracker.Domain.Advisories;
using AdvisoryTracker.Domain.Notifications;
using AdvisoryTracker.Domain.Remediation;
using AdvisoryTracker.TestInfrastructure.Emulators;
using Microsoft.Playwright;

namespace AdvisoryTracker.Browser.Tests;

/// <summary>
/// The "done when", as a person does it in headless Chromium: an admin registers a device in the console and
/// sees the matching advisory with its explanation; the clinician's email (delivered to MailDev) carries a signed
/// "Mark mitigated" button; following it and confirming shows the device as mitigated on the remediation board.
/// Tampered and expired signed links get a clear page and change nothing.
/// </summary>
[Collection(ConsoleCollection.EmailAndAccess)]
public sealed class EmailLinkTests(AzuriteFixture azurite, MailDevFixture mail, ChromiumFixture chromium)
{
    private const string AdvisoryId = "ICSMA-25-336-01";

    [Fact]
    public async Task DoneWhen_RegisterInTheConsole_SeeTheAdvisoryAndWhy_TheEmailsMitigatedButton_ShowsOnTheBoard()
    {
        await using var host = await ConsoleHost.StartAsync(azurite, seedDevices: false, mail);
        var clinician = $"nm-{Guid.NewGuid():N}@example.org";
        await using var browser = await chromium.NewContextAsync();
        var page = await browser.NewPageAsync();
        await ConsolePages.SignInAsync(page, host);

        // The admin registers the device.
        await page.GotoAsync(host.Url("/devices/new"));
        await ConsolePages.FillDeviceFormAsync(page, new()
        {
            Id = "biodose-ward-3", Manufacturer = "Mirion Medical", Model = "EC2 Software NMIS BioDose", Version = "22.02",
            Segment = "in-hospital", Department = "Nuclear Medicine", Contacts = [clinician],
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Register device" }).ClickAsync();
        await page.WaitForURLAsync(host.Url("/devices/biodose-ward-3?done=registered"));

        // The runner's timer matches new devices against the stored advisories within a minute; the test runs it now.
        await host.MatchNewDevicesAsync();
        await page.ReloadAsync();
        await page.Locator("tbody tr").Filter(new() { HasText = AdvisoryId }).GetByRole(AriaRole.Link, new() { Name = AdvisoryId }).ClickAsync();
        await page.WaitForURLAsync(host.Url($"/advisories/{AdvisoryId}"));

        var affected = page.Locator("tbody tr").Filter(new() { HasText = "biodose-ward-3" });
        Assert.Equal("Your Mirion Medical EC2 Software NMIS BioDose runs version 22.02, which this advisory lists as affected.",
            (await affected.Locator(".why-plain").InnerTextAsync()).Trim());
        await affected.Locator("details summary").ClickAsync();
        Assert.True(await affected.Locator("ul.why li").CountAsync() > 0);
        Assert.Contains("Successful exploitation", await page.Locator("section[aria-labelledby=s-h]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("ul.advice li").CountAsync() > 0);

        // The clinician gets the email.
        Assert.Equal(1, await host.SendNotificationsAsync());
        var email = Assert.Single(await mail.WaitForEmailsToAsync(clinician, 1, TimeSpan.FromSeconds(15)));
        Assert.Contains("security advisory affects 1 of your devices", email.Subject, StringComparison.Ordinal);

        // The clinician presses "Mark mitigated" in the email: a confirmation page, nothing changed yet.
        await page.SetContentAsync(email.Html!);
        await page.GetByRole(AriaRole.Link, new() { Name = EmailAction.Mitigated.Label(), Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(host.Url($"/api/act/biodose-ward-3/{AdvisoryId}?"), StringComparison.Ordinal));
        Assert.Equal($"Confirm: {EmailAction.Mitigated.Label()}", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(RemediationStatus.Open, (await MatchAsync(host, "biodose-ward-3")).Remediation.Status);

        await page.GetByRole(AriaRole.Button, new() { Name = EmailAction.Mitigated.Label(), Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Thank you: recorded");

        // The remediation board shows the device mitigated, by the clinician.
        await page.GotoAsync(host.Url("/remediation"));
        var row = page.Locator($"tr[data-device='biodose-ward-3'][data-advisory='{AdvisoryId}']");
        await Assertions.Expect(row.Locator("td .badge[class*='st-']")).ToHaveTextAsync("Mitigated");
        Assert.Contains(clinician, await row.InnerTextAsync(), StringComparison.Ordinal);
        var tracked = await MatchAsync(host, "biodose-ward-3");
        Assert.Equal(RemediationStatus.Mitigated, tracked.Remediation.Status);
        Assert.Equal(clinician, Assert.Single(tracked.History).By);
    }

    [Fact]
    public async Task TamperedLink_ShowsAClearPage_AndChangesNothing()
    {
        await using var host = await ConsoleHost.StartAsync(azurite);
        await using var browser = await chromium.NewContextAsync();
        var page = await browser.NewPageAsync();
        var (link, token) = await LinkAsync(host, "biodose-nm", "nuclear.medicine@example.org", EmailAction.Patched);
        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];

        var changed = await page.GotoAsync(link.Replace(Uri.EscapeDataString(token), Uri.EscapeDataString(tampered), StringComparison.Ordinal));
        await AssertRefusedAsync(page, changed, 403, "This link is not valid");

        var otherDevice = await page.GotoAsync(link.Replace("/act/biodose-nm/", "/act/minimed-remote/", StringComparison.Ordinal));
        await AssertRefusedAsync(page, otherDevice, 403, "This link is not valid");

        // A confirmation page from a good link whose hidden token is changed before the button is pressed.
        Assert.Equal(200, (await page.GotoAsync(link))!.Status);
        var form = page.Locator("form").Filter(new() { Has = page.GetByRole(AriaRole.Button, new() { Name = EmailAction.Patched.Label(), Exact = true }) });
        await form.Locator("input[name=t]").EvaluateAsync("(input, value) => { input.value = value; }", tampered);
        var posted = await page.RunAndWaitForResponseAsync(
            () => form.GetByRole(AriaRole.Button).ClickAsync(), r => r.Request.Method == "POST");
        await page.WaitForLoadStateAsync();
        await AssertRefusedAsync(page, posted, 403, "This link is not valid");

        foreach (var deviceId in new[] { "biodose-nm", "minimed-remote" })
        {
            var tracked = await MatchAsync(host, deviceId);
            Assert.Equal(RemediationStatus.Open, tracked.Remediation.Status);
            Assert.Empty(tracked.History);
        }
    }

    [Fact]
    public async Task ExpiredLink_ShowsAClearPage_AndChangesNothing_EvenFromAConfirmationPageOpenedInTime()
    {
        await using var host = await ConsoleHost.StartAsync(azurite);
        await using var browser = await chromium.NewContextAsync();
        var page = await browser.NewPageAsync();
        var (link, _) = await LinkAsync(host, "biodose-nm", "nuclear.medicine@example.org", EmailAction.Mitigated);

        Assert.Equal(200, (await page.GotoAsync(link))!.Status);
        Assert.Equal($"Confirm: {EmailAction.Mitigated.Label()}", await page.Locator("h1").InnerTextAsync());

        // The clinician leaves the page open past the link's 30 days, then presses the button.
        host.Clock.Advance(TimeSpan.FromDays(31));
        var posted = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = EmailAction.Mitigated.Label(), Exact = true }).ClickAsync(), r => r.Request.Method == "POST");
        await page.WaitForLoadStateAsync();
        await AssertRefusedAsync(page, posted, 410, "This link has expired");

        var reopened = await page.GotoAsync(link);
        await AssertRefusedAsync(page, reopened, 410, "This link has expired");

        var tracked = await MatchAsync(host, "biodose-nm");
        Assert.Equal(RemediationStatus.Open, tracked.Remediation.Status);
        Assert.Empty(tracked.History);
    }

    /// <summary>The link an email to <paramref name="recipient"/> carries for one action on the device's match, and its token.</summary>
    private static async Task<(string Link, string Token)> LinkAsync(ConsoleHost host, string deviceId, string recipient, EmailAction action)
    {
        var advisory = await host.Get<IAdvisoryStore>().GetAsync(AdvisoryId, CancellationToken.None);
        var token = host.Get<ActionLinkSigner>().Create(recipient, deviceId, AdvisoryId, advisory!.Advisory.Revision)!;
        return (host.Url($"/api/act/{deviceId}/{AdvisoryId}?do={action.ToName()}&t={Uri.EscapeDataString(token)}"), token);
    }

    /// <summary>A refusal: its status, a heading that says what is wrong, "nothing was changed", and no button to press.</summary>
    private static async Task AssertRefusedAsync(IPage page, IResponse? response, int status, string heading)
    {
        Assert.Equal(status, response!.Status);
        Assert.Equal(heading, await page.Locator("h1").InnerTextAsync());
        Assert.Contains("Nothing was changed", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("button").CountAsync());
    }

    private static async Task<TrackedMatch> MatchAsync(ConsoleHost host, string deviceId) =>
        Assert.Single(await host.Get<IRemediationStore>().ListForDeviceAsync(deviceId, CancellationToken.None));
}
