using Microsoft.Playwright;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright (its own browser download does not work here). One browser per
/// test class; each operator gets a fresh context. Screenshots go to TestResults/screenshots.
/// </summary>
public sealed class HeadlessChromium : IAsyncLifetime
{
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = default!;

    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async ValueTask InitializeAsync()
    {
        var executable = RequiredTool.Find("chromium", "apt-get install -y chromium");
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
    }

    /// <summary>A blank page in a new context carrying a signed-in user's cookies for <paramref name="site"/>.</summary>
    public async Task<IPage> NewSignedInPageAsync(Uri site, System.Net.CookieContainer signedIn, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        await context.AddCookiesAsync(signedIn.GetAllCookies().Select(c => new Cookie { Name = c.Name, Value = c.Value, Url = site.GetLeftPart(UriPartial.Authority) }));
        return await context.NewPageAsync();
    }

    /// <summary>Opens <paramref name="url"/> as <see cref="NewSignedInPageAsync"/> does and waits until the Blazor circuit is interactive.</summary>
    public async Task<IPage> OpenInteractiveAsync(Uri url, System.Net.CookieContainer signedIn, int width = 1280, int height = 900)
    {
        var page = await NewSignedInPageAsync(url, signedIn, width, height);
        await page.GotoAsync(url.ToString());
        await page.WaitForSelectorAsync("[data-interactive='true']", new PageWaitForSelectorOptions { Timeout = 20_000 });
        return page;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
}
