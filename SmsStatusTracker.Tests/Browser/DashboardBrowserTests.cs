using Microsoft.Playwright;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Tests.Functional;

namespace SmsStatusTracker.Tests.Browser;

/// <summary>Real browsers on the running app: what operators see, live, in two windows at once.</summary>
[Collection(SmsStatusTracker.Tests.Infrastructure.HeavyTestsCollection.Name)]
public sealed class DashboardBrowserTests(HeadlessChromium chromium) : IClassFixture<HeadlessChromium>, IDisposable
{
    private readonly TrackerApp app = CreateApp();

    private static TrackerApp CreateApp()
    {
        var app = new TrackerApp();
        // Slow enough for a person (and the test) to see each status.
        app.Simulator.StepDelay = TimeSpan.FromMilliseconds(400);
        return app;
    }

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task BothOperatorsSeeAMessageGoFromQueuedToSentToDeliveredLive()
    {
        var first = await chromium.OpenInteractiveAsync(app.BaseAddress, await app.SignInAsync("first@example.com", AppRoles.Operator));
        var second = await chromium.OpenInteractiveAsync(app.BaseAddress, await app.SignInAsync("second@example.com", AppRoles.Operator));

        await RecordStatusesAsync(first);
        await RecordStatusesAsync(second);

        await first.FillAsync("#compose-to", "+15005550006");
        await first.FillAsync("#compose-body", "Both screens should see this");
        await first.ClickAsync("#compose-send");

        foreach (var page in new[] { first, second })
        {
            var row = page.Locator("tr", new() { HasText = "Both screens should see this" });
            await Assertions.Expect(row.Locator("[data-status='delivered']")).ToBeVisibleAsync(new() { Timeout = 10_000 });
            var seen = await page.EvaluateAsync<string[]>("() => window.statusesSeen");
            Assert.Equal(["queued", "sending", "sent", "delivered"], seen.Where(s => s != "created").Distinct());
        }

        await HeadlessChromium.ScreenshotAsync(first, "operator-1-delivered");
        await HeadlessChromium.ScreenshotAsync(second, "operator-2-delivered");
    }

    /// <summary>Records, in the page itself, every status chip value as it appears, so no step is missed between polls.</summary>
    private static Task RecordStatusesAsync(IPage page) => page.EvaluateAsync("""
        () => {
            window.statusesSeen = [];
            const note = el => {
                const status = el.getAttribute('data-status');
                if (status && window.statusesSeen[window.statusesSeen.length - 1] !== status) window.statusesSeen.push(status);
            };
            new MutationObserver(changes => changes.forEach(change => {
                const target = change.target;
                if (target.nodeType === 1 && target.hasAttribute('data-status')) note(target);
                change.addedNodes.forEach(node => node.nodeType === 1 && node.querySelectorAll('[data-status]').forEach(note));
            })).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
        }
        """);

    [Fact]
    public async Task AnUndeliveredMessageShowsItsErrorOnEveryScreen()
    {
        var first = await chromium.OpenInteractiveAsync(app.BaseAddress, await app.SignInAsync("first@example.com", AppRoles.Operator));
        var second = await chromium.OpenInteractiveAsync(app.BaseAddress, await app.SignInAsync("second@example.com", AppRoles.Operator));

        await first.FillAsync("#compose-to", "+15005553003");
        await first.FillAsync("#compose-body", "This one will not arrive");
        await first.ClickAsync("#compose-send");

        foreach (var page in new[] { first, second })
        {
            var row = page.Locator("tr", new() { HasText = "This one will not arrive" });
            await Assertions.Expect(row.Locator("[data-status='undelivered']")).ToBeVisibleAsync(new() { Timeout = 10_000 });
            await Assertions.Expect(row).ToContainTextAsync("30003");
        }

        await HeadlessChromium.ScreenshotAsync(second, "operator-2-undelivered");
    }

    [Fact]
    public async Task AViewerSeesLiveUpdatesButNoComposeForm()
    {
        var viewer = await chromium.OpenInteractiveAsync(app.BaseAddress, await app.SignInAsync("viewer@example.com", AppRoles.Viewer));

        Assert.Equal(0, await viewer.Locator("#compose-send").CountAsync());
        Assert.Equal(0, await viewer.Locator("#compose-to").CountAsync());
        await app.SendAsync("+15005550006", "Viewers watch this one");

        var row = viewer.Locator("tr", new() { HasText = "Viewers watch this one" });
        await Assertions.Expect(row.Locator("[data-status='delivered']")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await HeadlessChromium.ScreenshotAsync(viewer, "viewer-live-no-compose");
    }

    [Fact]
    public async Task AnInvalidNumberShowsAnInlineErrorAndSendsNothing()
    {
        var page = await chromium.OpenInteractiveAsync(app.BaseAddress, await app.SignInAsync("operator@example.com", AppRoles.Operator));
        var before = app.Ledger.Messages.Count;

        await page.FillAsync("#compose-to", "+44 20 7183 8750");
        await page.FillAsync("#compose-body", "Should never be sent");

        await Assertions.Expect(page.GetByText("cannot receive SMS")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#compose-send")).ToBeDisabledAsync();
        var stored = await app.Store.ListAsync(new() { Search = "Should never be sent" }, TestContext.Current.CancellationToken);
        Assert.Equal(0, stored.Total);
        Assert.Equal(before, app.Ledger.Messages.Count);
        await HeadlessChromium.ScreenshotAsync(page, "invalid-number");
    }

    [Fact]
    public async Task ADashboardThatLostItsConnectionResyncsWhenItComesBack()
    {
        var page = await chromium.OpenInteractiveAsync(app.BaseAddress, await app.SignInAsync("operator@example.com", AppRoles.Operator));
        await page.Context.SetOfflineAsync(true);

        var sent = await app.SendAsync("+15005550006", "Sent while the screen was offline");
        await app.WaitForFinalAsync(sent.Id);
        await page.Context.SetOfflineAsync(false);

        var row = page.Locator("tr", new() { HasText = "Sent while the screen was offline" });
        await Assertions.Expect(row.Locator("[data-status='delivered']")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await HeadlessChromium.ScreenshotAsync(page, "resynced-after-offline");
    }
}
