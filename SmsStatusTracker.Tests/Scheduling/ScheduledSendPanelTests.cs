using Bunit;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Scheduling;
using SmsStatusTracker.Tests.Components;
using SmsStatusTracker.Web.Components.Pages;

namespace SmsStatusTracker.Tests.Scheduling;

/// <summary>The details page of a scheduled message: everyone who may read it sees when it goes; only senders get Cancel.</summary>
public sealed class ScheduledSendPanelTests : MessagePagesContext
{
    private async Task<Message> AddScheduledAsync() => await AddAsync(StoredMessage(1, MessageStatus.Scheduled) with
    {
        Sid = null,
        Schedule = new MessageSchedule { SendAt = Now.AddHours(3), UserId = "someone" },
    });

    private IRenderedComponent<MessageDetails> Open(Guid id) =>
        RenderPage<MessageDetails>(new Dictionary<string, object?> { [nameof(MessageDetails.Id)] = id });

    [Fact]
    public async Task AViewerSeesTheScheduleButNoCancel()
    {
        var message = await AddScheduledAsync();
        await SignInAsync("viewer@example.com", AppRoles.Viewer);

        var page = Open(message.Id);

        var schedule = page.WaitForElement("[data-testid=schedule]");
        Assert.Contains("Scheduled for", schedule.TextContent);
        Assert.Contains("2025-03-14 15:00:00 UTC", schedule.TextContent);
        Assert.Contains("held by this app", schedule.TextContent);
        Assert.Empty(page.FindAll("#cancel-scheduled"));
    }

    [Fact]
    public async Task AnOperatorCancelsItAndThePageShowsItCanceled()
    {
        var message = await AddScheduledAsync();
        await SignInAsync("operator@example.com", AppRoles.Operator);
        var page = Open(message.Id);

        await page.WaitForElement("#cancel-scheduled").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("Was scheduled for", page.Find("[data-testid=schedule]").TextContent));
        Assert.Equal(MessageStatus.Canceled, (await Store.FindAsync(message.Id, Xunit.TestContext.Current.CancellationToken))!.Status);
        Assert.Empty(page.FindAll("#cancel-scheduled"));
    }
}
