using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Web.Components.Pages;
using SmsStatusTracker.Web.LiveFeed;

namespace SmsStatusTracker.Tests.Components;

public sealed class MessageDetailsPageTests : MessagePagesContext
{
    private IRenderedComponent<MessageDetails> Open(Guid id) =>
        RenderPage<MessageDetails>(new Dictionary<string, object?> { [nameof(MessageDetails.Id)] = id });

    private static Message WithEveryKindOfEvent(Message message) => message with
    {
        RawDlrDoneDate = "2503141158",
        History =
        [
            .. message.History,
            new StatusEvent { RawStatus = "undelivered", Source = StatusEventSource.Callback, ReceivedAt = message.CreatedAt.AddSeconds(6), ErrorCode = 30003, Outcome = StatusEventOutcome.Duplicate },
            new StatusEvent { RawStatus = "sent", Source = StatusEventSource.Callback, ReceivedAt = message.CreatedAt.AddSeconds(7), Outcome = StatusEventOutcome.Late },
        ],
    };

    [Fact]
    public async Task ShowsTheFieldsAndTheWholeTimelineWithDuplicateAndLateFlags()
    {
        var message = await AddAsync(WithEveryKindOfEvent(StoredMessage(1, MessageStatus.Undelivered, errorCode: 30003)));

        var page = Open(message.Id);

        var rows = page.WaitForElements(".message-timeline tbody tr");
        Assert.Equal(["applied", "applied", "duplicate", "late"], rows.Select(r => r.GetAttribute("data-outcome")));
        Assert.Contains("duplicate", rows[2].TextContent);
        Assert.Contains("late", rows[3].TextContent);
        Assert.Contains("callback", rows[3].TextContent);
        var fields = page.Find(".message-fields").TextContent;
        Assert.Contains(message.Sid!, fields);
        Assert.Contains("+15005550006", fields);
        Assert.Contains("tests@example.com", fields);
        Assert.Equal("2025-03-14 11:58:00 UTC", page.Find("[data-testid=carrier-report-time] .reader-time-clock").TextContent);
        Assert.Contains("GSM7", fields);
    }

    [Fact]
    public async Task ErrorIsExplainedInPlainWordsWithTwiliosPage()
    {
        var message = await AddAsync(StoredMessage(1, MessageStatus.Undelivered, errorCode: 30003));

        var page = Open(message.Id);

        var panel = page.WaitForElement(".twilio-error[data-error-code='30003']");
        Assert.Contains(TwilioErrorCatalog.Explain(30003).Title, panel.TextContent);
        Assert.Contains(TwilioErrorCatalog.Explain(30003).WhatToDo, panel.TextContent);
        Assert.Contains(panel.QuerySelectorAll("a"), a => a.GetAttribute("href") == "https://www.twilio.com/docs/errors/30003");
    }

    [Fact]
    public async Task DeliveredMessageShowsNoErrorPanel()
    {
        var message = await AddAsync(StoredMessage(1, MessageStatus.Delivered));

        var page = Open(message.Id);

        page.WaitForElement(".message-fields");
        Assert.Empty(page.FindAll(".twilio-error"));
    }

    [Theory]
    [InlineData(MessageStatus.Failed, true)]
    [InlineData(MessageStatus.Undelivered, true)]
    [InlineData(MessageStatus.Delivered, false)]
    [InlineData(MessageStatus.Sent, false)]
    [InlineData(MessageStatus.Queued, false)]
    [InlineData(MessageStatus.OutcomeUnknown, false)]
    [InlineData(MessageStatus.Canceled, false)]
    public async Task SendAgainIsOfferedOnlyForFailedOrUndeliveredMessages(MessageStatus status, bool offered)
    {
        await SignInAsync("operator@example.com", AppRoles.Operator);
        var message = await AddAsync(StoredMessage(1, status));

        var page = Open(message.Id);

        page.WaitForElement(".message-fields");
        Assert.Equal(offered, page.FindAll("#send-again").Count == 1);
    }

    [Fact]
    public async Task SendAgainSendsTheSameTextToTheSameNumberLinkedToTheOriginalAndOpensIt()
    {
        await SignInAsync("operator@example.com", AppRoles.Operator);
        var original = await AddAsync(StoredMessage(1, MessageStatus.Undelivered, to: "+14155550199", body: "Your code is 4321", errorCode: 30003));
        var page = Open(original.Id);

        await page.WaitForElement("#send-again").ClickAsync(new());

        var request = Assert.Single(Twilio.Requests);
        var form = request.PostParams.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("+14155550199", form["To"]);
        Assert.Equal("Your code is 4321", form["Body"]);
        var listed = await Store.ListAsync(new() { To = "+14155550199" }, Ct);
        var resent = Assert.Single(listed.Items, m => m.Id != original.Id);
        Assert.Equal(original.Id, resent.ResentFromId);
        Assert.Equal("Your code is 4321", resent.Body);
        Assert.Equal(MessageStatus.Queued, resent.Status);
        Assert.Equal("operator@example.com", resent.SentBy);
        Assert.EndsWith($"/messages/{resent.Id}", Navigation.Uri);
    }

    [Fact]
    public async Task SendAgainIsNotOfferedToAViewer()
    {
        await SignInAsync("viewer@example.com", AppRoles.Viewer);
        var message = await AddAsync(StoredMessage(1, MessageStatus.Undelivered, errorCode: 30003));

        var page = Open(message.Id);

        page.WaitForElement(".message-fields");
        Assert.Empty(page.FindAll("#send-again"));
    }

    [Theory]
    [InlineData("demoted to Viewer", "sign in again")]
    [InlineData("deactivated", "deactivated")]
    public async Task SendAgainOnAPageOpenedBeforeTheSenderLostTheRightIsRefusedAndSendsNothing(string change, string reasonNames)
    {
        var userId = await SignInAsync("operator@example.com", AppRoles.Operator);
        var original = await AddAsync(StoredMessage(1, MessageStatus.Undelivered, errorCode: 30003));
        var page = Open(original.Id);
        var button = page.WaitForElement("#send-again");

        var changed = change.StartsWith("demoted", StringComparison.Ordinal)
            ? await Accounts.ChangeRoleAsync(userId, AppRoles.Viewer, Ct)
            : await Accounts.DeactivateAsync(userId, Ct);
        Assert.True(changed.Succeeded, changed.Error);
        await button.ClickAsync(new());

        Assert.Empty(Twilio.Requests);
        Assert.Equal(1, (await Store.ListAsync(new(), Ct)).Total);
        var snackbar = Services.GetRequiredService<MudBlazor.ISnackbar>();
        var refusal = Assert.Single(snackbar.ShownSnackbars);
        Assert.Contains("Nothing was sent", refusal.Message, StringComparison.Ordinal);
        Assert.Contains(reasonNames, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResentMessageLinksBackToTheOriginal()
    {
        var original = await AddAsync(StoredMessage(1, MessageStatus.Failed, errorCode: 21612));
        var resent = await AddAsync(StoredMessage(2, MessageStatus.Delivered) with { ResentFromId = original.Id });

        var page = Open(resent.Id);

        var note = page.WaitForElement("[data-testid=resent-from]");
        Assert.Contains("Resent from", note.TextContent);
        Assert.Equal($"messages/{original.Id}", note.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task StatusChangesArriveLiveAndExtendTheTimeline()
    {
        var message = await AddAsync(StoredMessage(1, MessageStatus.Sent));
        var page = Open(message.Id);
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".message-timeline tbody tr").Count));

        var delivered = await Store.UpdateAsync(
            message.Id,
            m => StatusTransitions.Apply(m, new StatusEvent { RawStatus = "delivered", Source = StatusEventSource.Callback, ReceivedAt = Now }),
            Ct);
        await Notifications.PublishLocallyAsync(new MessageChange(MessageChangedEvent.AsRow(StoredMessage(9)), MessageChangeKind.StatusChanged));
        await Notifications.PublishLocallyAsync(new MessageChange(MessageChangedEvent.AsRow(delivered!), MessageChangeKind.StatusChanged));

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll(".message-timeline tbody tr").Count));
        Assert.Equal("delivered", page.Find("h5 [data-status]").GetAttribute("data-status"));
    }

    [Theory]
    [InlineData("feed")]
    [InlineData("circuit")]
    public async Task AfterAReconnectTheDetailsShowWhatChangedWhileTheyWereAway(string reconnect)
    {
        var message = await AddAsync(StoredMessage(1, MessageStatus.Sent));
        var page = Open(message.Id);
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".message-timeline tbody tr").Count));

        // Stored while this page heard nothing.
        await Store.UpdateAsync(message.Id, m => StatusTransitions.Apply(m, new StatusEvent { RawStatus = "delivered", Source = StatusEventSource.Callback, ReceivedAt = Now }), Ct);
        await ReconnectAsync(reconnect);

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll(".message-timeline tbody tr").Count));
        Assert.Equal("delivered", page.Find("h5 [data-status]").GetAttribute("data-status"));
    }

    [Fact]
    public async Task ALiveChangeCarryingOnlyTheNewestEntryStillLeavesTheWholeTimelineShown()
    {
        var message = await AddAsync(WithEveryKindOfEvent(StoredMessage(1, MessageStatus.Undelivered, errorCode: 30003)));
        var page = Open(message.Id);
        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll(".message-timeline tbody tr").Count));

        var read = await Store.UpdateAsync(
            message.Id,
            m => StatusTransitions.Apply(m, new StatusEvent { RawStatus = "carrier_note", Source = StatusEventSource.Callback, ReceivedAt = Now }),
            Ct);
        var row = MessageChangedEvent.AsRow(read!);
        Assert.Single(row.History);
        await Notifications.PublishLocallyAsync(new MessageChange(row, MessageChangeKind.StatusChanged));

        page.WaitForAssertion(() => Assert.Equal(
            ["applied", "applied", "duplicate", "late", "unrecognized"],
            page.FindAll(".message-timeline tbody tr").Select(r => r.GetAttribute("data-outcome"))));
        Assert.Empty(page.FindAll(".folded-history"));
    }

    [Fact]
    public async Task FoldedEventsAreShownAsOneLineAfterTheFirstEntry()
    {
        var message = await AddAsync(StoredMessage(1, MessageStatus.Delivered) with { FoldedHistoryCount = 251 });

        var page = Open(message.Id);

        var rows = page.WaitForElements(".message-timeline tbody tr");
        Assert.Equal(3, rows.Count);
        Assert.Equal("folded-history", rows[1].ClassName);
        Assert.Equal("251 earlier events folded", rows[1].TextContent.Trim());
        Assert.Equal(["queued", "delivered"], new[] { rows[0], rows[2] }.Select(r => r.QuerySelector("td")!.TextContent));
    }

    [Fact]
    public void UnknownIdShowsANotFoundStateThatPointsToTheLog()
    {
        var page = Open(Guid.NewGuid());

        var notFound = page.WaitForElement("[data-testid=not-found]");
        Assert.Contains("No message with id", notFound.TextContent);
        Assert.Contains(notFound.QuerySelectorAll("a"), a => a.GetAttribute("href") == "messages");
        Assert.Empty(page.FindAll(".message-timeline"));
    }

    [Fact]
    public async Task BodyIsShownAsTextNotMarkup()
    {
        var message = await AddAsync(StoredMessage(1, body: "<script>alert('x')</script>\n<i>line two</i>"));

        var page = Open(message.Id);

        var body = page.WaitForElement(".message-body-full");
        Assert.Equal("<script>alert('x')</script>\n<i>line two</i>", body.TextContent);
        Assert.Empty(body.QuerySelectorAll("script, i"));
    }
}
