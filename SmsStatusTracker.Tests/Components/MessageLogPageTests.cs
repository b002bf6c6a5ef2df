using System.Collections.Immutable;
using System.Reflection;
using Bunit;
using Bunit.TestDoubles;
using SmsStatusTracker.Core.Messages;
using MessageLogPage = SmsStatusTracker.Web.Components.Pages.Messages;
using SmsStatusTracker.Web.LiveFeed;

namespace SmsStatusTracker.Tests.Components;

public sealed class MessageLogPageTests : MessagePagesContext
{
    private const string Rows = ".message-log-row";

    private static string[] RowIds(IRenderedComponent<MessageLogPage> page) => RowIds(page, Rows);

    private static string StatusOfRow(IRenderedComponent<MessageLogPage> page, Guid id) => StatusOfRow(page, Rows, id);

    [Fact]
    public async Task ListsStoredMessagesNewestFirstWithTheTotalAndLinksToEachMessage()
    {
        var oldest = await AddAsync(StoredMessage(1));
        var middle = await AddAsync(StoredMessage(2, MessageStatus.Failed, errorCode: 21211));
        var newest = await AddAsync(StoredMessage(3));

        var page = RenderPage<MessageLogPage>();

        page.WaitForAssertion(() => Assert.Equal([newest.Id.ToString(), middle.Id.ToString(), oldest.Id.ToString()], RowIds(page)));
        Assert.Contains("3 messages", page.Find("[data-testid=message-total]").TextContent);
        Assert.Contains(page.FindAll("a.message-link"), link => link.GetAttribute("href") == $"messages/{middle.Id}");
        Assert.Equal("failed", StatusOfRow(page, middle.Id));
    }

    [Fact]
    public async Task TimesShowTheClockWithHowLongAgoBesideAndTheFullTimeInTheTooltip()
    {
        var message = await AddAsync(StoredMessage(1, createdAt: Now.AddMinutes(-2)));

        var page = RenderPage<MessageLogPage>();

        var time = page.WaitForElement($"time[datetime='{message.CreatedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffff}+00:00']");
        Assert.Equal("11:58:00 · 2 min ago", time.TextContent);
        Assert.Equal("2025-03-14 11:58:00 UTC", time.GetAttribute("title"));
    }

    [Fact]
    public async Task FiltersInTheUrlAreAppliedToTheQuery()
    {
        var wanted = await AddAsync(StoredMessage(1, MessageStatus.Failed, to: "+15550000001", errorCode: 21211));
        await AddAsync(StoredMessage(2, MessageStatus.Delivered, to: "+15550000001"));
        await AddAsync(StoredMessage(3, MessageStatus.Failed, to: "+15550000002", errorCode: 21211));
        Navigation.NavigateTo("messages?status=failed&to=%2B15550000001");

        var page = RenderPage<MessageLogPage>();

        page.WaitForAssertion(() => Assert.Equal([wanted.Id.ToString()], RowIds(page)));
        Assert.Contains("1 message match these filters", page.Find("[data-testid=message-total]").TextContent);
    }

    [Fact]
    public async Task PageNumberInTheUrlShowsThatPage()
    {
        for (var n = 1; n <= 30; n++)
        {
            await AddAsync(StoredMessage(n));
        }

        Navigation.NavigateTo("messages?page=2");

        var page = RenderPage<MessageLogPage>();

        page.WaitForAssertion(() => Assert.Equal(5, RowIds(page).Length));
        Assert.Contains(page.FindAll(".message-body"), cell => cell.TextContent.Contains("Message number 1", StringComparison.Ordinal));
        Assert.Contains("30 messages", page.Find("[data-testid=message-total]").TextContent);
    }

    [Fact]
    public async Task OlderAndNewerWalkTheLogByCursorThroughTheUrl()
    {
        for (var n = 1; n <= 30; n++)
        {
            await AddAsync(StoredMessage(n));
        }

        var page = RenderPage<MessageLogPage>();
        page.WaitForAssertion(() => Assert.Equal(25, RowIds(page).Length));
        Assert.True(page.Find("#page-newer").HasAttribute("disabled"));

        await page.Find("#page-older").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(5, RowIds(page).Length));
        Assert.Contains("before=", Navigation.Uri, StringComparison.Ordinal);
        Assert.True(page.Find("#page-older").HasAttribute("disabled"));

        await page.Find("#page-newer").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(25, RowIds(page).Length));
        Assert.Contains("after=", Navigation.Uri, StringComparison.Ordinal);
        Assert.Contains(page.FindAll(".message-body"), cell => cell.TextContent.Contains("Message number 30", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClearingTheFiltersRewritesTheUrlInPlaceAndShowsEverything()
    {
        await AddAsync(StoredMessage(1, MessageStatus.Failed));
        await AddAsync(StoredMessage(2, MessageStatus.Delivered));
        Navigation.NavigateTo("messages?status=failed&q=number");
        var page = RenderPage<MessageLogPage>();
        page.WaitForAssertion(() => Assert.Single(RowIds(page)));

        await page.Find("#filter-clear").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(2, RowIds(page).Length));
        Assert.Equal("http://localhost/messages", Navigation.Uri);
        var last = ((BunitNavigationManager)Navigation).History.First();
        Assert.True(last.Options.ReplaceHistoryEntry);
    }

    [Fact]
    public async Task PublishedStatusChangeUpdatesItsRowInPlace()
    {
        var first = await AddAsync(StoredMessage(1, MessageStatus.Sent));
        var second = await AddAsync(StoredMessage(2, MessageStatus.Sent));
        var page = RenderPage<MessageLogPage>();
        page.WaitForAssertion(() => Assert.Equal(2, RowIds(page).Length));

        await Notifications.PublishLocallyAsync(new MessageChange(first with { Status = MessageStatus.Delivered, Version = 2 }, MessageChangeKind.StatusChanged));

        page.WaitForAssertion(() => Assert.Equal("delivered", StatusOfRow(page, first.Id)));
        Assert.Equal([second.Id.ToString(), first.Id.ToString()], RowIds(page));
        Assert.Equal("sent", StatusOfRow(page, second.Id));
    }

    [Fact]
    public async Task OlderVersionArrivingLateDoesNotOverwriteTheRow()
    {
        var message = await AddAsync(StoredMessage(1, MessageStatus.Delivered) with { Version = 5 });
        var page = RenderPage<MessageLogPage>();
        page.WaitForAssertion(() => Assert.Single(RowIds(page)));

        await Notifications.PublishLocallyAsync(new MessageChange(message with { Status = MessageStatus.Sent, Version = 3 }, MessageChangeKind.StatusChanged));

        Assert.Equal("delivered", StatusOfRow(page, message.Id));
    }

    [Theory]
    [InlineData("feed")]
    [InlineData("circuit")]
    public async Task AfterAReconnectTheLogShowsWhatChangedWhileItWasAway(string reconnect)
    {
        var first = await AddAsync(StoredMessage(1, MessageStatus.Sent));
        var page = RenderPage<MessageLogPage>();
        page.WaitForAssertion(() => Assert.Single(RowIds(page)));

        // Stored while this page heard nothing.
        var missed = await AddAsync(StoredMessage(2, MessageStatus.Sent));
        await Store.UpdateAsync(first.Id, m => StatusTransitions.Apply(m, new StatusEvent { RawStatus = "delivered", Source = StatusEventSource.Callback, ReceivedAt = Now }), Ct);
        await ReconnectAsync(reconnect);

        page.WaitForAssertion(() => Assert.Equal([missed.Id.ToString(), first.Id.ToString()], RowIds(page)));
        Assert.Equal("delivered", StatusOfRow(page, first.Id));
        Assert.Contains("2 messages", page.Find("[data-testid=message-total]").TextContent);
    }

    [Fact]
    public async Task NewMessageMatchingTheFiltersAppearsAtTheTopOfPageOneAndTheCountGrows()
    {
        var existing = await AddAsync(StoredMessage(1));
        var page = RenderPage<MessageLogPage>();
        page.WaitForAssertion(() => Assert.Single(RowIds(page)));

        var created = StoredMessage(50, MessageStatus.Created, createdAt: Now);
        await Notifications.PublishLocallyAsync(new MessageChange(created, MessageChangeKind.Created));

        page.WaitForAssertion(() => Assert.Equal([created.Id.ToString(), existing.Id.ToString()], RowIds(page)));
        Assert.Contains("2 messages", page.Find("[data-testid=message-total]").TextContent);
    }

    [Fact]
    public async Task NewMessageOutsideTheFiltersIsNotAdded()
    {
        var failed = await AddAsync(StoredMessage(1, MessageStatus.Failed));
        Navigation.NavigateTo("messages?status=failed");
        var page = RenderPage<MessageLogPage>();
        page.WaitForAssertion(() => Assert.Single(RowIds(page)));

        await Notifications.PublishLocallyAsync(new MessageChange(StoredMessage(50, MessageStatus.Created, createdAt: Now), MessageChangeKind.Created));

        Assert.Equal([failed.Id.ToString()], RowIds(page));
        Assert.Contains("1 message match", page.Find("[data-testid=message-total]").TextContent);
    }

    [Fact]
    public async Task NewMessageDoesNotReshuffleALaterPageButIsCounted()
    {
        for (var n = 1; n <= 26; n++)
        {
            await AddAsync(StoredMessage(n));
        }

        Navigation.NavigateTo("messages?page=2");
        var page = RenderPage<MessageLogPage>();
        page.WaitForAssertion(() => Assert.Single(RowIds(page)));

        await Notifications.PublishLocallyAsync(new MessageChange(StoredMessage(50, createdAt: Now), MessageChangeKind.Created));

        page.WaitForAssertion(() => Assert.Contains("27 messages", page.Find("[data-testid=message-total]").TextContent));
        Assert.Single(RowIds(page));
    }

    [Fact]
    public void EmptyLogSaysHowToSendTheFirstMessage()
    {
        var page = RenderPage<MessageLogPage>();

        var empty = page.WaitForElement("[data-testid=empty-state]");
        Assert.Contains("No messages yet", empty.TextContent);
        Assert.Contains("Send one from the dashboard", empty.TextContent);
    }

    [Fact]
    public async Task FiltersMatchingNothingOfferToClearThem()
    {
        await AddAsync(StoredMessage(1));
        Navigation.NavigateTo("messages?error=30007");

        var page = RenderPage<MessageLogPage>();

        var empty = page.WaitForElement("[data-testid=empty-state]");
        Assert.Contains("No messages match these filters", empty.TextContent);
        Assert.Contains("clear all filters", empty.TextContent);
    }

    [Fact]
    public async Task BodyIsShownAsTextNotMarkup()
    {
        await AddAsync(StoredMessage(1, body: "<b>bold</b><img src=x onerror=alert(1)>"));

        var page = RenderPage<MessageLogPage>();

        var cell = page.WaitForElement(".message-body");
        Assert.Contains("<b>bold</b>", cell.TextContent);
        Assert.Empty(cell.QuerySelectorAll("b, img"));
    }

    [Fact]
    public async Task LeavingThePageStopsListeningForChanges()
    {
        var page = RenderPage<MessageLogPage>();
        page.WaitForElement("[data-testid=empty-state]");
        Assert.Equal(1, SubscriberCount());

        await DisposeComponentsAsync();

        Assert.Equal(0, SubscriberCount());
    }

    // MessageNotifications exposes no count; reading its list keeps the product API free of test hooks.
    private int SubscriberCount()
    {
        var field = typeof(MessageNotifications).GetField("subscribers", BindingFlags.NonPublic | BindingFlags.Instance)
            ?? throw new InvalidOperationException("MessageNotifications no longer keeps a 'subscribers' field; update this test.");
        return ((ImmutableArray<Func<MessageChange, Task>>)field.GetValue(Notifications)!).Length;
    }
}
