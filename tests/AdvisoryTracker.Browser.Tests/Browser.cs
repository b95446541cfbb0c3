using Microsoft.Playwright;

namespace AdvisoryTracker.Browser.Tests;

/// <summary>One test's browser context; disposing it closes the context (the shared Chromium keeps running).</summary>
public sealed class Browser(IBrowserContext context) : IAsyncDisposable
{
    public IBrowserContext Context { get; } = context;

    public async Task<IPage> NewPageAsync() => Context.Pages.Count == 1 && Context.Pages[0].Url == "about:blank" ? Context.Pages[0] : await Context.NewPageAsync();

    public ValueTask DisposeAsync() => new(Context.CloseAsync());
}
