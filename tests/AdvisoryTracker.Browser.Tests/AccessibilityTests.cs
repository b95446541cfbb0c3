using AdvisoryTracker.TestInfrastructure.Emulators;
using Deque.AxeCore.Playwright;

namespace AdvisoryTracker.Browser.Tests;

/// <summary>
/// Every console page passes axe-core with no serious or critical violation, at desktop and phone widths: one class
/// per width, each in its own collection, so the two (the longest browser tests) run side by side.
/// </summary>
public abstract class AccessibilityTests(AzuriteFixture azurite, ChromiumFixture chromium, SharedConsoleFixture shared, int width)
{
    [Fact]
    public async Task EveryPage_HasNoSeriousOrCriticalAxeViolation()
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

[Collection(ConsoleCollection.DesktopAccessibility)]
public sealed class DesktopAccessibilityTests(AzuriteFixture azurite, ChromiumFixture chromium, SharedConsoleFixture shared)
    : AccessibilityTests(azurite, chromium, shared, 1280);

[Collection(ConsoleCollection.PhoneAccessibility)]
public sealed class PhoneAccessibilityTests(AzuriteFixture azurite, ChromiumFixture chromium, SharedConsoleFixture shared)
    : AccessibilityTests(azurite, chromium, shared, 390);
