using Microsoft.Playwright;
using SmsStatusTracker.Core.Accounts;

using SmsStatusTracker.Tests.Functional;

namespace SmsStatusTracker.Tests.Browser;

/// <summary>The real CSP in a real browser: the dashboard's interactive circuit still connects, nothing is blocked.</summary>
[Collection(SmsStatusTracker.Tests.Infrastructure.HeavyTestsCollection.Name)]
public sealed class ContentSecurityPolicyBrowserTests(HeadlessChromium chromium) : IClassFixture<HeadlessChromium>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignedInDashboardBecomesInteractiveUnderTheCspWithNoViolation()
    {
        using var tracker = new TrackerApp();
        var cookies = await tracker.SignInAsync("browser@example.com", AppRoles.Operator);
        var page = await chromium.NewSignedInPageAsync(tracker.BaseAddress, cookies);
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };

        var response = await page.GotoAsync(tracker.BaseAddress.ToString());
        Assert.Equal(200, response?.Status);
        Assert.Contains("frame-ancestors 'none'", (await response!.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
        await page.WaitForSelectorAsync("[data-interactive='true']", new() { Timeout = 15000 });
        await page.FillAsync("#compose-to", "+15005550006");

        Assert.Equal(0, await page.Locator("[data-testid='viewer-notice']").CountAsync());
        Assert.Empty(violations);
        Ct.ThrowIfCancellationRequested();
    }
}
