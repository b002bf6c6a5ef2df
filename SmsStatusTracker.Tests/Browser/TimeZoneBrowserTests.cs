using Microsoft.Playwright;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Tests.Functional;
using SmsStatusTracker.Web.Components.Messages;

namespace SmsStatusTracker.Tests.Browser;

/// <summary>A browser set to another time zone reads the log in it, switches to UTC, and finds UTC again after a reload.</summary>
[Collection(SmsStatusTracker.Tests.Infrastructure.HeavyTestsCollection.Name)]
public sealed class TimeZoneBrowserTests(HeadlessChromium chromium) : IClassFixture<HeadlessChromium>, IDisposable
{
    private readonly TrackerApp app = new();

    public void Dispose() => app.Dispose();

    [Theory]
    [InlineData("Asia/Kolkata")]
    [InlineData("America/New_York")]
    public async Task TheLogShowsTimesInTheBrowsersZoneAndTheSwitchShowsUtcUntilSwitchedBack(string zoneId)
    {
        var sent = await app.SendAsync("+15005550006", "What time is it there?");
        var signedIn = await app.SignInAsync("operator@example.com", AppRoles.Operator);
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { TimezoneId = zoneId, ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        await context.AddCookiesAsync(signedIn.GetAllCookies().Select(c => new Cookie { Name = c.Name, Value = c.Value, Url = app.BaseAddress.GetLeftPart(UriPartial.Authority) }));
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(app.BaseAddress, "messages").ToString());
        await page.WaitForSelectorAsync("[data-interactive='true']", new PageWaitForSelectorOptions { Timeout = 20_000 });
        var created = page.Locator($"tr:has([data-message-id='{sent.Id}']) td[data-column=Created] .reader-time-clock");
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        // The browser's own name for it (Chromium says Asia/Calcutta for Asia/Kolkata): the page shows what it reports.
        var reported = await page.EvaluateAsync<string>("() => Intl.DateTimeFormat().resolvedOptions().timeZone");
        Assert.NotEqual("UTC", reported);

        await Assertions.Expect(page.Locator("[data-testid=time-zone-name]")).ToHaveTextAsync(reported, new() { Timeout = 10_000 });
        await Assertions.Expect(created).ToHaveTextAsync(RelativeTimeText.Clock(sent.CreatedAt, DateTimeOffset.UtcNow, zone));
        await Assertions.Expect(page.Locator(".message-log .zone-label")).ToHaveTextAsync(reported);

        await page.Locator("[data-testid=utc-toggle] input").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=time-zone-name]")).ToHaveTextAsync("UTC");
        await Assertions.Expect(created).ToHaveTextAsync(RelativeTimeText.Clock(sent.CreatedAt, DateTimeOffset.UtcNow, TimeZoneInfo.Utc));

        await page.ReloadAsync();
        await page.WaitForSelectorAsync("[data-interactive='true']", new PageWaitForSelectorOptions { Timeout = 20_000 });
        // Remembered: the switch comes back on once the browser has been asked (it starts off until then).
        await Assertions.Expect(page.Locator("[data-testid=utc-toggle] input")).ToBeCheckedAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("[data-testid=time-zone-name]")).ToHaveTextAsync("UTC");
        await page.Locator("[data-testid=utc-toggle] input").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=time-zone-name]")).ToHaveTextAsync(reported);
        await HeadlessChromium.ScreenshotAsync(page, $"log-in-{zoneId.Replace('/', '-')}");
    }
}
