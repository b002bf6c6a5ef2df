using Microsoft.Playwright;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Tests.Functional;

namespace SmsStatusTracker.Tests.Browser;

/// <summary>The navigation on a phone-sized screen, and the Development API reference under the real CSP.</summary>
[Collection(SmsStatusTracker.Tests.Infrastructure.HeavyTestsCollection.Name)]
public sealed class NavigationBrowserTests(HeadlessChromium chromium) : IClassFixture<HeadlessChromium>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OnA390PixelScreenTheMenuButtonOpensTheNavigationAndReachesApiKeys()
    {
        using var tracker = new TrackerApp();
        var cookies = await tracker.SignInAsync("phone@example.com", AppRoles.Viewer);
        var page = await chromium.OpenInteractiveAsync(tracker.BaseAddress, cookies, width: 390, height: 844);

        // Nothing sticks out sideways, and the navigation waits behind the labelled menu button.
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        Assert.False(await page.IsVisibleAsync("#nav-api-keys"));
        await page.GetByLabel("Show navigation").ClickAsync();
        await page.WaitForSelectorAsync("#nav-api-keys", new() { State = WaitForSelectorState.Visible });
        Assert.False(await page.IsVisibleAsync("#nav-users"));
        await page.ClickAsync("#nav-api-keys");

        await page.WaitForURLAsync("**/api-keys");
        await page.GetByRole(AriaRole.Heading, new() { Name = "API keys", Level = 1 }).WaitForAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        Ct.ThrowIfCancellationRequested();
    }

    [Fact]
    public async Task ScalarReferenceRendersInDevelopmentWithNoCspViolation()
    {
        using var tracker = new TrackerApp();
        var page = await (await chromium.Browser.NewContextAsync()).NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };

        var response = await page.GotoAsync(new Uri(tracker.BaseAddress, "/scalar/v1").ToString());

        Assert.Equal(200, response?.Status);
        // The reference fetched /openapi/v1.json and rendered the send operation's summary from it.
        await page.WaitForFunctionAsync("() => document.body.innerText.includes('Send an SMS')", null, new() { Timeout = 15000 });
        Assert.Empty(violations);
        Ct.ThrowIfCancellationRequested();
    }
}
