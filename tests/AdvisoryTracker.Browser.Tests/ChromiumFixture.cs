using Microsoft.Playwright;

namespace AdvisoryTracker.Browser.Tests;

/// <summary>
/// One headless Chromium from the Debian package (<c>/usr/bin/chromium</c>; Playwright's own browser download is not
/// used), launched once per console collection and closed at its end. Each test gets its own <see cref="Browser"/>: a
/// fresh context (its own cookies and storage) at the width it asks for.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
        });
    }

    /// <summary>A fresh context, as if a new person opened the browser.</summary>
    public async Task<Browser> NewContextAsync(int width = 1280, int height = 900)
    {
        var context = await (_browser ?? throw new InvalidOperationException("Chromium is not started")).NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-GB",
            TimezoneId = "UTC",
            AcceptDownloads = true,
        });
        // Generous: in CI the browser tests share two cores with the integration suite and its emulators (a triage
        // POST once took over 15 s there); a page that never arrives still fails.
        context.SetDefaultTimeout(45_000);
        return new Browser(context);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
