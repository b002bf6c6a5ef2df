using Microsoft.Playwright;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Tests.Functional;

namespace SmsStatusTracker.Tests.Browser;

/// <summary>
/// Open pages of a user who loses a right: the page goes to sign-in within <c>Auth:SessionValidationInterval</c>,
/// and a control pressed before that acts for nobody.
/// </summary>
[Collection(SmsStatusTracker.Tests.Infrastructure.HeavyTestsCollection.Name)]
public sealed class RevocationBrowserTests(HeadlessChromium chromium) : IClassFixture<HeadlessChromium>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("deactivate")]
    [InlineData("demote")]
    public async Task AnOpenDashboardOfAUserWhoLostTheRightGoesToSignInAndShowsNothingNewer(string change)
    {
        using var app = new TrackerApp(new() { ["Auth:SessionValidationInterval"] = "00:00:01" });
        var operatorId = (await app.ActorAsync("watcher@example.com")).UserId;
        var page = await chromium.OpenInteractiveAsync(app.BaseAddress, await app.SignInAsync("watcher@example.com"));
        await Assertions.Expect(page.Locator("#compose-send")).ToBeVisibleAsync();

        var changed = change == "deactivate"
            ? await app.Accounts.DeactivateAsync(operatorId, Ct)
            : await app.Accounts.ChangeRoleAsync(operatorId, AppRoles.Viewer, Ct);
        Assert.True(changed.Succeeded, changed.Error);

        // One interval plus slack for a busy machine.
        await page.WaitForURLAsync(url => url.Contains("/account/sign-in", StringComparison.Ordinal), new() { Timeout = 8_000 });
        await app.SendAsync("+15005550006", "Sent after the change");
        await Task.Delay(500, Ct);
        Assert.Equal(0, await page.Locator("#compose-send").CountAsync());
        Assert.Equal(0, await page.GetByText("Sent after the change").CountAsync());
        await HeadlessChromium.ScreenshotAsync(page, $"revoked-{change}-to-sign-in");
    }

    [Fact]
    public async Task AViewerIsNotOfferedSendAgain()
    {
        using var app = new TrackerApp();
        var undelivered = await app.SendAsync("+15005553003", "Will not arrive");
        await app.WaitForAsync(undelivered.Id, m => m.Status == MessageStatus.Undelivered);

        var page = await chromium.OpenInteractiveAsync(new Uri(app.BaseAddress, $"/messages/{undelivered.Id}"), await app.SignInAsync("viewer@example.com", AppRoles.Viewer));

        await Assertions.Expect(page.GetByText("30003").First).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("#send-again").CountAsync());
    }

    [Fact]
    public async Task SendAgainPressedOnAPageOpenedBeforeADeactivationSendsNothing()
    {
        // A long interval: the page is still open when the button is pressed, so only the sender's own check stands.
        using var app = new TrackerApp(new() { ["Auth:SessionValidationInterval"] = "00:10:00" });
        var undelivered = await app.SendAsync("+15005553003", "Will not arrive");
        await app.WaitForAsync(undelivered.Id, m => m.Status == MessageStatus.Undelivered);
        var operatorId = (await app.ActorAsync("leaver@example.com")).UserId;
        var page = await chromium.OpenInteractiveAsync(new Uri(app.BaseAddress, $"/messages/{undelivered.Id}"), await app.SignInAsync("leaver@example.com"));
        var before = (await app.Store.ListAsync(new(), Ct)).Total;
        var ledgerBefore = app.Ledger.Messages.Count;

        Assert.True((await app.Accounts.DeactivateAsync(operatorId, Ct)).Succeeded);
        await page.ClickAsync("#send-again");

        await Assertions.Expect(page.GetByText("Nothing was sent")).ToBeVisibleAsync();
        Assert.Equal(before, (await app.Store.ListAsync(new(), Ct)).Total);
        Assert.Equal(ledgerBefore, app.Ledger.Messages.Count);
        await HeadlessChromium.ScreenshotAsync(page, "send-again-after-deactivation");
    }
}
