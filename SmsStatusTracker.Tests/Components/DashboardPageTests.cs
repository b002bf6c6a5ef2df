using Bunit;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Web.Components.Pages;
using SmsStatusTracker.Web.LiveFeed;

namespace SmsStatusTracker.Tests.Components;

public sealed class DashboardPageTests : MessagePagesContext
{
    private const string Rows = ".message-row";

    private static string[] RowIds(IRenderedComponent<Dashboard> page) => RowIds(page, Rows);

    private static string StatusOfRow(IRenderedComponent<Dashboard> page, Guid id) => StatusOfRow(page, Rows, id);

    [Fact]
    public async Task ANewMessageAndAStatusChangeArriveLive()
    {
        await SignInAsync("viewer@example.com", AppRoles.Viewer);
        var first = await AddAsync(StoredMessage(1, MessageStatus.Sent));
        var page = RenderPage<Dashboard>();
        page.WaitForAssertion(() => Assert.Single(RowIds(page)));

        var added = StoredMessage(2, MessageStatus.Queued);
        await Notifications.PublishLocallyAsync(new MessageChange(added, MessageChangeKind.Created));
        await Notifications.PublishLocallyAsync(new MessageChange(first with { Status = MessageStatus.Delivered, Version = 2 }, MessageChangeKind.StatusChanged));

        page.WaitForAssertion(() => Assert.Equal([added.Id.ToString(), first.Id.ToString()], RowIds(page)));
        Assert.Equal("delivered", StatusOfRow(page, first.Id));
    }

    [Theory]
    [InlineData("feed")]
    [InlineData("circuit")]
    public async Task AfterAReconnectTheDashboardShowsWhatChangedWhileItWasAway(string reconnect)
    {
        await SignInAsync("viewer@example.com", AppRoles.Viewer);
        var first = await AddAsync(StoredMessage(1, MessageStatus.Sent));
        var page = RenderPage<Dashboard>();
        page.WaitForAssertion(() => Assert.Single(RowIds(page)));

        // Stored while this page heard nothing.
        var missed = await AddAsync(StoredMessage(2, MessageStatus.Sent));
        await Store.UpdateAsync(first.Id, m => StatusTransitions.Apply(m, new StatusEvent { RawStatus = "delivered", Source = StatusEventSource.Callback, ReceivedAt = Now }), Ct);
        await ReconnectAsync(reconnect);

        page.WaitForAssertion(() => Assert.Equal([missed.Id.ToString(), first.Id.ToString()], RowIds(page)));
        Assert.Equal("delivered", StatusOfRow(page, first.Id));
    }
}
