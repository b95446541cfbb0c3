using AdvisoryTracker.TestInfrastructure;
using AdvisoryTracker.TestInfrastructure.Emulators;
using Microsoft.Playwright;

namespace AdvisoryTracker.Browser.Tests;

/// <summary>
/// <c>dotnet run --project tests/AdvisoryTracker.Browser.Tests -- screenshots [folder]</c>: starts Azurite and the
/// local runner with the sample data, and saves each console page at 1280 and 390 px wide (default docs/screenshots).
/// The tests themselves run with <c>dotnet test</c>.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is not ["screenshots", ..])
        {
            await Console.Error.WriteLineAsync("usage: dotnet run --project tests/AdvisoryTracker.Browser.Tests -- screenshots [folder]   (tests: dotnet test)");
            return 2;
        }

        var folder = args.Length > 1 ? Path.GetFullPath(args[1]) : Path.Combine(RepositoryPaths.Root, "docs", "screenshots");
        Directory.CreateDirectory(folder);
        var azurite = AzuriteFixture.Private();
        var chromium = new ChromiumFixture();
        await azurite.InitializeAsync();
        await chromium.InitializeAsync();
        try
        {
            await using var host = await ConsoleHost.StartAsync(azurite);
            // Prescribed devices carry patient counts, so the overview shows how many patients are exposed.
            await host.SetPatientCountAsync("minimed-remote", "14");
            await host.SetPatientCountAsync("osirix-md", "3");
            await ScreenshotsAsync(host, chromium, folder);
        }
        finally
        {
            await chromium.DisposeAsync();
            await azurite.DisposeAsync();
        }

        return 0;
    }

    public static async Task ScreenshotsAsync(ConsoleHost host, ChromiumFixture chromium, string folder)
    {
        foreach (var width in new[] { 1280, 390 })
        {
            await using var browser = await chromium.NewContextAsync(width, width > 500 ? 900 : 844);
            var page = await browser.NewPageAsync();
            await ConsolePages.SignInAsync(page, host);
            foreach (var (name, path) in ConsolePages.All)
            {
                await page.GotoAsync(host.Url(path));
                var file = Path.Combine(folder, $"{name}-{width}.png");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
                Console.WriteLine(file);
            }
        }
    }
}
