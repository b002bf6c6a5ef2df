using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Web.Components.Layout;
using SmsStatusTracker.Web.Presence;

namespace SmsStatusTracker.Tests.Components;

/// <summary>The app bar's avatars of who is online, kept live from the presence tracker.</summary>
public sealed class OnlineUsersTests : MessagePagesContext
{
    private readonly PresenceTracker presence = new();

    public OnlineUsersTests() => Services.AddSingleton(presence);

    private static string[] Shown(IRenderedComponent<OnlineUsers> bar) =>
        bar.FindAll("[data-online-user]").Select(a => a.GetAttribute("data-online-user")!).ToArray();

    [Fact]
    public async Task PeopleAppearWhenTheyConnectAndGoWhenTheirLastPageDoes()
    {
        presence.PageConnected(new OnlineUser("u1", "ada.lovelace@example.com"));
        var bar = RenderPage<OnlineUsers>();
        bar.WaitForAssertion(() => Assert.Equal(["ada.lovelace@example.com"], Shown(bar)));
        Assert.Equal("AL", bar.Find("[data-online-user]").TextContent.Trim());

        await Task.Run(() => presence.PageConnected(new OnlineUser("u2", "bob@example.com")), Ct);
        bar.WaitForAssertion(() => Assert.Equal(["ada.lovelace@example.com", "bob@example.com"], Shown(bar)));

        await Task.Run(() => presence.PageDisconnected("u1"), Ct);
        bar.WaitForAssertion(() => Assert.Equal(["bob@example.com"], Shown(bar)));
    }

    [Fact]
    public void NobodyOnlineShowsNothing()
    {
        var bar = RenderPage<OnlineUsers>();

        Assert.Empty(bar.FindAll("[data-testid=online-users]"));
    }
}
