using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Web.Components.Layout;
using SmsStatusTracker.Web.LiveFeed;

namespace SmsStatusTracker.Tests.Components;

/// <summary>
/// The app bar's connection indicator: the live feed's state from the server, this browser's circuit by the chips the
/// script switches between (Playwright covers the switching), a brief "caught up" once the page really resynced.
/// </summary>
public sealed class ConnectionIndicatorTests : MessagePagesContext
{
    public ConnectionIndicatorTests()
    {
        // Read when first rendered, so each test can choose the feed's state before that.
        Services.AddSingleton(_ => Feed);
        Services.AddSingleton<IHostEnvironment>(new TestEnvironment());
        Services.AddSingleton(new SmsStatusTracker.Web.Presence.PresenceTracker());
    }

    private LiveFeedStatus Feed { get; set; } = new();

    private IRenderedComponent<ConnectionIndicator> RenderIndicator() => RenderPage<ConnectionIndicator>();

    [Theory]
    [InlineData(HubConnectionState.Connected, "live", "Live")]
    [InlineData(HubConnectionState.Reconnecting, "reconnecting", "Reconnecting…")]
    [InlineData(HubConnectionState.Connecting, "reconnecting", "Reconnecting…")]
    [InlineData(HubConnectionState.Disconnected, "offline", "Offline — reload")]
    public void WhileTheCircuitIsUpTheChipSaysWhatTheFeedIsDoing(HubConnectionState feed, string state, string label)
    {
        Feed = new LiveFeedStatus(feed);

        var indicator = RenderIndicator();

        var chip = indicator.Find(".connection-when-circuit-up [data-connection-state]");
        Assert.Equal(state, chip.GetAttribute("data-connection-state"));
        Assert.Equal(label, chip.TextContent.Trim());
    }

    [Fact]
    public void TheCircuitsOwnStatesHaveTheirChipsReadyForTheScriptAndOfflineOffersAReload()
    {
        var indicator = RenderIndicator();

        Assert.Equal("Reconnecting…", indicator.Find(".connection-when-circuit-reconnecting [data-connection-state='reconnecting']").TextContent.Trim());
        var offline = indicator.Find(".connection-when-circuit-offline [data-connection-state='offline']");
        Assert.Equal("Offline — reload", offline.TextContent.Trim());
        Assert.Equal("reload", offline.GetAttribute("data-reconnect-action"));
    }

    [Fact]
    public async Task AfterTheCircuitReconnectsItSaysCaughtUpOnlyOnceThePagesResyncedAndBrieflyAtThat()
    {
        var indicator = RenderIndicator();
        var resyncing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // A page whose resync is still reading the store.
        Circuit.Reconnected += () => resyncing.Task;

        var reconnect = ReconnectCircuitAsync();
        await Task.Delay(50, Ct);
        Assert.Equal("false", indicator.Find("[data-testid=connection-indicator]").GetAttribute("data-resynced"));

        resyncing.SetResult();
        await reconnect;
        indicator.WaitForAssertion(() =>
        {
            Assert.Equal("true", indicator.Find("[data-testid=connection-indicator]").GetAttribute("data-resynced"));
            Assert.Equal("Live · caught up", indicator.Find(".connection-when-circuit-up [data-connection-state]").TextContent.Trim());
        });

        Clock.Advance(ConnectionIndicator.ResyncedNoticeDuration);
        indicator.WaitForAssertion(() =>
            Assert.Equal("Live", indicator.Find(".connection-when-circuit-up [data-connection-state]").TextContent.Trim()));
    }

    [Fact]
    public async Task TheLayoutShowsTheIndicatorOnlyToSignedInUsers()
    {
        Renderer.SetRendererInfo(new RendererInfo("Server", true));
        RenderFragment body = b => b.AddContent(0, "page");

        var signedOut = Render<MainLayout>(p => p.Add(l => l.Body, body));
        Assert.Empty(signedOut.FindAll("[data-testid=connection-indicator]"));

        await DisposeComponentsAsync();
        await SignInAsync("operator@example.com", AppRoles.Operator);
        var signedIn = Render<MainLayout>(p => p.Add(l => l.Body, body));
        signedIn.WaitForAssertion(() => Assert.Single(signedIn.FindAll("[data-testid=connection-indicator]")));
    }

    private sealed class TestEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Production;

        public string ApplicationName { get; set; } = "SmsStatusTracker.Web";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
