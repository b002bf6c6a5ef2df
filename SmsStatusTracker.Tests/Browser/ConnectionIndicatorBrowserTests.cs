using Microsoft.Playwright;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Tests.Functional;

namespace SmsStatusTracker.Tests.Browser;

/// <summary>
/// The app bar's connection indicator in a real browser whose connection to the server is cut by the test: the
/// Blazor websocket and its negotiation are routed through Playwright, which refuses them while "offline".
/// </summary>
[Collection(SmsStatusTracker.Tests.Infrastructure.HeavyTestsCollection.Name)]
public sealed class ConnectionIndicatorBrowserTests(HeadlessChromium chromium) : IClassFixture<HeadlessChromium>, IDisposable
{
    private readonly TrackerApp app = new();
    private readonly List<IWebSocketRoute> open = [];
    private volatile bool offline;

    public void Dispose() => app.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Opens the dashboard with its circuit's websocket under the test's control.</summary>
    private async Task<IPage> OpenDashboardAsync()
    {
        var page = await chromium.NewSignedInPageAsync(app.BaseAddress, await app.SignInAsync("operator@example.com", AppRoles.Operator));
        await page.RouteWebSocketAsync(new System.Text.RegularExpressions.Regex("/_blazor"), ws =>
        {
            if (offline)
            {
                _ = ws.CloseAsync();
                return;
            }

            ws.ConnectToServer();
            lock (open)
            {
                open.Add(ws);
            }
        });
        await page.RouteAsync("**/_blazor/negotiate**", route => offline ? route.AbortAsync() : route.ContinueAsync());
        await page.GotoAsync(app.BaseAddress.ToString());
        await page.WaitForSelectorAsync("[data-interactive='true']", new() { Timeout = 20_000 });
        return page;
    }

    private async Task GoOfflineAsync()
    {
        offline = true;
        IWebSocketRoute[] sockets;
        lock (open)
        {
            sockets = [.. open];
            open.Clear();
        }

        foreach (var socket in sockets)
        {
            await socket.CloseAsync();
        }
    }

    private static ILocator Chip(IPage page, string state) =>
        page.Locator($"[data-testid=connection-indicator] [data-connection-state='{state}']");

    [Fact]
    public async Task WhenTheConnectionDropsTheIndicatorSaysReconnectingAndWhenItIsBackItIsLiveAndTheListCaughtUp()
    {
        var message = await app.AddQueuedMessageAsync();
        var page = await OpenDashboardAsync();
        var row = page.Locator($".message-row[data-message-id='{message.Id}'] [data-status]");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "queued", new() { Timeout = 10_000 });
        await Assertions.Expect(Chip(page, "live")).ToBeVisibleAsync();

        await GoOfflineAsync();

        await Assertions.Expect(Chip(page, "reconnecting")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(Chip(page, "live")).ToBeHiddenAsync();
        Assert.DoesNotContain("trying again in", await page.InnerTextAsync("body"), StringComparison.OrdinalIgnoreCase);
        await HeadlessChromium.ScreenshotAsync(page, "connection-reconnecting");

        // Written straight to the store: no live change is published, so only a resync can show it.
        await app.Store.UpdateAsync(message.Id, m => StatusTransitions.Apply(m, new StatusEvent
        {
            RawStatus = "delivered",
            Source = StatusEventSource.Callback,
            ReceivedAt = DateTimeOffset.UtcNow,
        }), Ct);
        offline = false;

        await Assertions.Expect(Chip(page, "live")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(Chip(page, "live")).ToContainTextAsync("caught up", new() { Timeout = 10_000 });
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "delivered");
        await Assertions.Expect(Chip(page, "reconnecting")).ToBeHiddenAsync();
        await HeadlessChromium.ScreenshotAsync(page, "connection-caught-up");
    }

    [Fact]
    public async Task WhenTheServerStaysUnreachableTheIndicatorSaysOfflineThenLiveWithTheListCaughtUp()
    {
        var message = await app.AddQueuedMessageAsync();
        var page = await OpenDashboardAsync();
        var row = page.Locator($".message-row[data-message-id='{message.Id}'] [data-status]");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "queued", new() { Timeout = 10_000 });

        await GoOfflineAsync();

        // Blazor's quick retries fail; once it waits 5 s between attempts the page says Offline and offers a reload.
        await Assertions.Expect(Chip(page, "offline")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(Chip(page, "reconnecting")).ToBeHiddenAsync();
        var bar = page.Locator("[data-testid=reconnect-bar]");
        await Assertions.Expect(bar).ToBeVisibleAsync();
        await Assertions.Expect(bar).ToContainTextAsync("server cannot be reached");
        await Assertions.Expect(bar.GetByText("Reload")).ToBeVisibleAsync();
        await HeadlessChromium.ScreenshotAsync(page, "connection-offline");

        await app.Store.UpdateAsync(message.Id, m => StatusTransitions.Apply(m, new StatusEvent
        {
            RawStatus = "delivered",
            Source = StatusEventSource.Callback,
            ReceivedAt = DateTimeOffset.UtcNow,
        }), Ct);
        offline = false;

        await Assertions.Expect(Chip(page, "live")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(Chip(page, "live")).ToContainTextAsync("caught up", new() { Timeout = 10_000 });
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "delivered");
        await Assertions.Expect(bar).ToBeHiddenAsync();
    }

    [Fact]
    public async Task TheOfflineChipReloadsThePageWhichComesBackLive()
    {
        var page = await OpenDashboardAsync();
        await GoOfflineAsync();
        await Assertions.Expect(Chip(page, "offline")).ToBeVisibleAsync(new() { Timeout = 20_000 });

        offline = false;
        var reloaded = page.WaitForRequestAsync(app.BaseAddress.ToString());
        await Chip(page, "offline").ClickAsync();
        await reloaded;

        await page.WaitForSelectorAsync("[data-interactive='true']", new() { Timeout = 20_000 });
        await Assertions.Expect(Chip(page, "live")).ToBeVisibleAsync();
        await Assertions.Expect(Chip(page, "live")).Not.ToContainTextAsync("caught up");
    }
}
