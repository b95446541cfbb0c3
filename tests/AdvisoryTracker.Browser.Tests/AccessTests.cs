using AdvisoryTracker.Domain.Remediation;
using AdvisoryTracker.TestInfrastructure.Emulators;
using Microsoft.Playwright;

namespace AdvisoryTracker.Browser.Tests;

/// <summary>Sign-in, the reader role (sees, cannot change, refused server-side) and CSRF protection.</summary>
[Collection(ConsoleCollection.EmailAndAccess)]
public sealed class AccessTests(AzuriteFixture azurite, ChromiumFixture chromium, SharedConsoleFixture shared)
{
    [Fact]
    public async Task WithoutSignIn_PagesRedirectToSignIn_AndAWrongKeyIsRefused()
    {
        var host = await shared.ReadOnlyHostAsync(azurite);
        await using var browser = await chromium.NewContextAsync();
        var page = await browser.NewPageAsync();

        await page.GotoAsync(host.Url("/remediation"));
        Assert.StartsWith(host.Url("/sign-in"), page.Url, StringComparison.Ordinal);

        await page.GetByLabel("Your name").FillAsync("Mallory");
        await page.GetByLabel("Local key").FillAsync("not-the-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        Assert.Contains("That key is not right", await page.Locator("#signin-error").InnerTextAsync(), StringComparison.Ordinal);

        var cookies = await browser.Context.CookiesAsync();
        Assert.DoesNotContain(cookies, c => c.Name == "tracker_session");
        var csrf = Assert.Single(cookies, c => c.Name == "tracker_csrf");
        Assert.True(csrf.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, csrf.SameSite);
    }

    [Fact]
    public async Task Reader_SeesTheBoardWithoutForms_AndAForgedChangeIsRefusedServerSide()
    {
        var host = await shared.ReadOnlyHostAsync(azurite);
        await using var browser = await chromium.NewContextAsync();
        var page = await browser.NewPageAsync();
        await ConsolePages.SignInAsync(page, host, "Riley Reader", reader: true);

        var session = Assert.Single(await browser.Context.CookiesAsync(), c => c.Name == "tracker_session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);

        await page.GotoAsync(host.Url("/remediation"));
        Assert.Equal(4, await page.Locator("table.board tbody tr").CountAsync());
        Assert.Equal(0, await page.Locator("form[method=post][action='/remediation']").CountAsync());
        await page.GotoAsync(host.Url("/triage"));
        Assert.Equal(0, await page.Locator("form[method=post][action='/triage']").CountAsync());

        var response = await page.GotoAsync(host.Url("/devices/new"));
        Assert.Equal(403, response!.Status);

        // A reader who crafts the POST (with a valid CSRF token from the sign-out form) is refused by the server.
        await page.GotoAsync(host.Url("/remediation"));
        var token = await page.Locator("form[action='/sign-out'] input[name=_csrf]").InputValueAsync();
        var forged = await page.APIRequest.PostAsync(host.Url("/remediation"), new()
        {
            Form = FormOf(page, ("_csrf", token), ("item", "biodose-nm|ICSMA-25-336-01"), ("status", "patched")),
        });
        Assert.Equal(403, forged.Status);
        var tracked = Assert.Single(await host.Get<IRemediationStore>().ListForDeviceAsync("biodose-nm", CancellationToken.None));
        Assert.Equal(RemediationStatus.Open, tracked.Remediation.Status);
    }

    [Fact]
    public async Task Admin_PostWithoutOrWithAForeignCsrfToken_IsRefused()
    {
        var host = await shared.ReadOnlyHostAsync(azurite);
        await using var browser = await chromium.NewContextAsync();
        var page = await browser.NewPageAsync();
        await ConsolePages.SignInAsync(page, host);

        var missing = await page.APIRequest.PostAsync(host.Url("/remediation"), new()
        {
            Form = FormOf(page, ("item", "biodose-nm|ICSMA-25-336-01"), ("status", "patched")),
        });
        var foreign = await page.APIRequest.PostAsync(host.Url("/remediation"), new()
        {
            Form = FormOf(page, ("_csrf", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), ("item", "biodose-nm|ICSMA-25-336-01"), ("status", "patched")),
        });

        Assert.Equal(400, missing.Status);
        Assert.Equal(400, foreign.Status);
        var tracked = Assert.Single(await host.Get<IRemediationStore>().ListForDeviceAsync("biodose-nm", CancellationToken.None));
        Assert.Equal(RemediationStatus.Open, tracked.Remediation.Status);
    }

    private static IFormData FormOf(IPage page, params (string Name, string Value)[] fields)
    {
        var form = page.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Append(name, value);
        }

        return form;
    }
}
