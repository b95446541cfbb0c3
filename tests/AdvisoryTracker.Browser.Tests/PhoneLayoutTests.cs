using AdvisoryTracker.TestInfrastructure.Emulators;

namespace AdvisoryTracker.Browser.Tests;

/// <summary>
/// At a phone's width (390 px) no console page is wider than the screen, and the tables that explain a match (a
/// device's matches, an advisory's devices) become one card per row instead of columns a reader has to scroll.
/// </summary>
[Collection(ConsoleCollection.EmailAndAccess)]
public sealed class PhoneLayoutTests(AzuriteFixture azurite, ChromiumFixture chromium, SharedConsoleFixture shared)
{
    [Fact]
    public async Task EveryPage_FitsAPhoneScreen_AndMatchTablesNeedNoSideways()
    {
        var host = await shared.ReadOnlyHostAsync(azurite);
        await using var browser = await chromium.NewContextAsync(390, 900);
        var page = await browser.NewPageAsync();
        await ConsolePages.SignInAsync(page, host);
        var problems = new List<string>();
        foreach (var (_, path) in ConsolePages.All)
        {
            await page.GotoAsync(host.Url(path));
            var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
            var (pageWidth, viewport) = (widths[0], widths[1]);
            if (pageWidth > viewport)
            {
                problems.Add($"{path}: the page is {pageWidth} px wide on a {viewport} px screen");
            }

            foreach (var wide in await page.EvaluateAsync<string[]>(
                "() => [...document.querySelectorAll('table.stack')].filter(t => t.closest('.table-wrap').scrollWidth > t.closest('.table-wrap').clientWidth + 1).map(t => t.caption?.textContent ?? '(table)')"))
            {
                problems.Add($"{path}: table '{wide}' is wider than the screen");
            }
        }

        // The pages with match tables have them, stacked.
        foreach (var path in new[] { "/devices/biodose-nm", "/advisories/ICSMA-25-336-01" })
        {
            await page.GotoAsync(host.Url(path));
            Assert.True(await page.Locator("table.stack tbody tr").CountAsync() > 0, $"{path} shows no match table");
            Assert.Equal("block", await page.Locator("table.stack tbody tr").First.EvaluateAsync<string>("r => getComputedStyle(r).display"));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
