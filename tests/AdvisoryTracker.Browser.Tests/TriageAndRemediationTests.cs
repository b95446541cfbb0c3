using AdvisoryTracker.Domain.Matching;
using AdvisoryTracker.Domain.Remediation;
using AdvisoryTracker.TestInfrastructure.Emulators;
using Microsoft.Playwright;

namespace AdvisoryTracker.Browser.Tests;

/// <summary>Triage and the remediation board, in headless Chromium against the local runner on Azurite.</summary>
[Collection(ConsoleCollection.DevicesAndTriage)]
public sealed class TriageAndRemediationTests(AzuriteFixture azurite, ChromiumFixture chromium)
{
    [Fact]
    public async Task Triage_DismissNeedsAReason_ThenRecordsItWithTheActor_AndConfirmMakesTheMatchAffected()
    {
        await using var host = await ConsoleHost.StartAsync(azurite);
        await using var browser = await chromium.NewContextAsync();
        var page = await browser.NewPageAsync();
        await ConsolePages.SignInAsync(page, host);
        var store = host.Get<IRemediationStore>();
        Assert.Equal(MatchStatus.PossiblyAffected, (await MatchAsync(store, "osirix-md")).Match.Status);

        await page.GotoAsync(host.Url("/triage"));
        var osirix = page.Locator("li.triage-item").Filter(new() { HasText = "osirix-md" });
        await osirix.GetByRole(AriaRole.Button, new() { Name = "Dismiss: not affected" }).ClickAsync();

        var refused = page.Locator("li.triage-item").Filter(new() { HasText = "osirix-md" });
        Assert.Contains("give a reason", await refused.Locator(".field-error").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(MatchStatus.PossiblyAffected, (await MatchAsync(store, "osirix-md")).Match.Status);

        await refused.GetByLabel("Reason").FillAsync("OsiriX MD is not installed on any workstation (asset scan CHG-42)");
        await refused.GetByRole(AriaRole.Button, new() { Name = "Dismiss: not affected" }).ClickAsync();
        await page.WaitForURLAsync(host.Url("/triage?done=dismissed"));
        Assert.Equal(0, await page.Locator("li.triage-item").Filter(new() { HasText = "osirix-md" }).CountAsync());

        var dismissed = await MatchAsync(store, "osirix-md");
        Assert.Equal(MatchStatus.NotAffected, dismissed.Match.Status);
        Assert.Equal(RemediationStatus.NotAffected, dismissed.Remediation.Status);
        var entry = Assert.Single(dismissed.History);
        Assert.Equal(ConsoleHost.AdminName, entry.By);
        Assert.Contains("asset scan CHG-42", entry.Note, StringComparison.Ordinal);

        var alaris = page.Locator("li.triage-item").Filter(new() { HasText = "alaris-pcu" });
        await alaris.GetByLabel("Reason").FillAsync("Firmware 9.19 read on the device: in the affected range");
        await alaris.GetByRole(AriaRole.Button, new() { Name = "Confirm affected" }).ClickAsync();
        await page.WaitForURLAsync(host.Url("/triage?done=confirmed"));

        var confirmed = await MatchAsync(store, "alaris-pcu");
        Assert.Equal(MatchStatus.Affected, confirmed.Match.Status);
        Assert.Equal(RemediationStatus.Open, confirmed.Remediation.Status);
        Assert.Equal(ConsoleHost.AdminName, Assert.Single(confirmed.History).By);
    }

    [Fact]
    public async Task Remediation_MovesThroughItsStates_WithHistory_AndTheOverdueMarkGoesWhenMitigated()
    {
        await using var host = await ConsoleHost.StartAsync(azurite);
        await using var browser = await chromium.NewContextAsync();
        var page = await browser.NewPageAsync();
        await ConsolePages.SignInAsync(page, host);
        await page.GotoAsync(host.Url("/remediation?status=all"));

        // Stored 40 days ago, severity high: due after 30 days, so overdue now.
        var row = page.Locator("tr[data-device='biodose-nm']");
        Assert.Contains("overdue", await row.GetAttributeAsync("class") ?? "", StringComparison.Ordinal);

        foreach (var (status, label, note) in new[] { ("in_progress", "In progress", "Ticket CHG-1234 opened"), ("mitigated", "Mitigated", "Port 443 closed at the firewall"), ("patched", "Patched", "Vendor update V23.0 installed") })
        {
            await row.Locator("select[name=status]").SelectOptionAsync(status);
            await row.Locator("input[name=note]").FillAsync(note);
            await row.GetByRole(AriaRole.Button, new() { Name = "Update" }).ClickAsync();
            await Assertions.Expect(row.Locator("td .badge[class*='st-']")).ToHaveTextAsync(label);
            Assert.Contains("done=updated", page.Url, StringComparison.Ordinal);
            if (status == "mitigated")
            {
                Assert.DoesNotContain("overdue", await row.GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
            }
        }

        Assert.Equal(["open"], await row.Locator("select[name=status] option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)"));
        await row.Locator("details summary").ClickAsync();
        Assert.Equal(3, await row.Locator("ol.history li").CountAsync());

        var tracked = await MatchAsync(host.Get<IRemediationStore>(), "biodose-nm");
        Assert.Equal(RemediationStatus.Patched, tracked.Remediation.Status);
        Assert.Equal([RemediationStatus.Patched, RemediationStatus.Mitigated, RemediationStatus.InProgress], tracked.History.Select(h => h.Status));
        Assert.All(tracked.History, h => Assert.Equal(ConsoleHost.AdminName, h.By));
    }

    [Fact]
    public async Task Remediation_BulkUpdate_MovesEverySelectedRow_AndReportsRowsThatCannotMove()
    {
        await using var host = await ConsoleHost.StartAsync(azurite);
        await using var browser = await chromium.NewContextAsync();
        var page = await browser.NewPageAsync();
        await ConsolePages.SignInAsync(page, host);
        await page.GotoAsync(host.Url("/remediation"));

        await page.Locator("tr[data-device='alaris-pcu'] input[type=checkbox]").CheckAsync();
        await page.Locator("tr[data-device='minimed-remote'] input[type=checkbox]").CheckAsync();
        await page.Locator("#bulk-status").SelectOptionAsync("in_progress");
        await page.Locator("#bulk-note").FillAsync("Clinical engineering reviewing");
        await page.GetByRole(AriaRole.Button, new() { Name = "Update selected" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("done=updated", StringComparison.Ordinal));

        var store = host.Get<IRemediationStore>();
        Assert.Equal(RemediationStatus.InProgress, (await MatchAsync(store, "alaris-pcu")).Remediation.Status);
        Assert.Equal(RemediationStatus.InProgress, (await MatchAsync(store, "minimed-remote")).Remediation.Status);
        Assert.Equal(RemediationStatus.Open, (await MatchAsync(store, "biodose-nm")).Remediation.Status);

        // in_progress -> in_progress is not a transition: the page says so and changes nothing.
        await page.Locator("tr[data-device='alaris-pcu'] input[type=checkbox]").CheckAsync();
        await page.Locator("#bulk-status").SelectOptionAsync("in_progress");
        await page.GetByRole(AriaRole.Button, new() { Name = "Update selected" }).ClickAsync();
        Assert.Contains("cannot move from in_progress to in_progress", await page.Locator("#board-errors").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Single((await MatchAsync(store, "alaris-pcu")).History);
    }

    private static async Task<TrackedMatch> MatchAsync(IRemediationStore store, string deviceId) =>
        Assert.Single(await store.ListForDeviceAsync(deviceId, CancellationToken.None));
}
