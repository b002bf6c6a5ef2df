using SmsStatusTracker.Web.Presence;

namespace SmsStatusTracker.Tests.Presence;

public sealed class PresenceTrackerTests
{
    private static readonly OnlineUser Ada = new("u1", "ada@example.com");
    private static readonly OnlineUser Bob = new("u2", "bob@example.com");

    [Fact]
    public void ASecondTabCountsOnceAndClosingOneKeepsThePersonOnline()
    {
        var presence = new PresenceTracker();
        var changes = 0;
        using var _ = presence.Watch(() => changes++);

        presence.PageConnected(Ada);
        presence.PageConnected(Ada);
        Assert.Equal([Ada], presence.Online);
        Assert.Equal(1, changes);

        presence.PageDisconnected(Ada.UserId);
        Assert.Equal([Ada], presence.Online);
        Assert.Equal(1, changes);

        presence.PageDisconnected(Ada.UserId);
        Assert.Empty(presence.Online);
        Assert.Equal(2, changes);
    }

    [Fact]
    public void EveryoneOnlineIsListedByNameAndAStrayDisconnectChangesNothing()
    {
        var presence = new PresenceTracker();
        presence.PageConnected(Bob);
        presence.PageConnected(Ada);

        presence.PageDisconnected("nobody");

        Assert.Equal([Ada, Bob], presence.Online);
    }
}
