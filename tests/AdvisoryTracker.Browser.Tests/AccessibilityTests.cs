using AdvisoryTracker.TestInfrastructure.Emulators;
using Deque.AxeCore.Playwright;

namespace AdvisoryTracker.Browser.Tests;

/// <summary>Every console page passes axe-core with no serious or critical violation, at desktop and phone widths.</summary>
[Collection(ConsoleCollection.TriageAndAccessibility)]
public sealed class AccessibilityTests(AzuriteFixture azurite, ChromiumFixture chromium, SharedConsoleFixture shared)
{
    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task EveryPage_HasNoSeriousOrCriticalAxeViolation(int width)
    {
        var host = await shared.ReadOnlyHostAsync(azurite);
        await using var browser = await chromium.NewContextAsync(width, 900);
        var page = await browser.NewPageAsync();
        var problems = new List<string>();

        await page.GotoAsync(host.Url("/sign-in"));
        problems.AddRange(await SeriousViolationsAsync(page, "/sign-in"));
        await ConsolePages.SignInAsync(page, host);
        foreach (var (_, path) in ConsolePages.All)
        {
            await page.GotoAsync(host.Url(path));
            problems.AddRange(await SeriousViolationsAsync(page, path));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static async Task<IEnumerable<string>> SeriousViolationsAsync(Microsoft.Playwright.IPage page, string path)
    {
        var result = await page.RunAxe();
        return result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{path}: {v.Id} ({v.Impact}) {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}");
    }
}
