using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Inbound;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Web.Components.Conversations;
using SmsStatusTracker.Web.Components.Pages;

namespace SmsStatusTracker.Tests.Components;

public sealed class ConversationPageTests : MessagePagesContext
{
    private const string Number = "+14155550123";

    private InboundRecorder Recorder => Services.GetRequiredService<InboundRecorder>();

    private static InboundMessage Reply(string body, DateTimeOffset at, string from = Number) =>
        new() { Sid = "SM" + Guid.NewGuid().ToString("N"), From = from, To = "+15005550006", Body = body, ReceivedAt = at };

    private IRenderedComponent<Conversation> Open(string number = Number) =>
        RenderPage<Conversation>(new Dictionary<string, object?> { ["Number"] = number });

    private static string[] Lines(IRenderedComponent<Conversation> page) =>
        page.FindAll("[data-testid=outbound], [data-testid=inbound]")
            .Select(e => $"{e.GetAttribute("data-testid")}: {e.QuerySelector("p")?.TextContent.Trim()}")
            .ToArray();

    [Fact]
    public async Task SentAndReceivedMessagesOfOneNumberAreMergedByTimeAndOthersAreLeftOut()
    {
        await SignInAsync("viewer@example.com", AppRoles.Viewer);
        await AddAsync(StoredMessage(1, to: Number, body: "Your appointment is at 3", createdAt: Now.AddMinutes(-30)));
        await AddAsync(StoredMessage(2, to: "+14155550199", body: "Not this number", createdAt: Now.AddMinutes(-25)));
        await Recorder.RecordAsync(Reply("Can we make it 4?", Now.AddMinutes(-20)), Ct);
        await AddAsync(StoredMessage(3, to: Number, body: "4 is fine", createdAt: Now.AddMinutes(-10)));
        await Recorder.RecordAsync(Reply("Thanks", Now.AddMinutes(-5), from: "+14155550199"), Ct);

        var page = Open();

        page.WaitForAssertion(() => Assert.Equal(
            ["outbound: Your appointment is at 3", "inbound: Can we make it 4?", "outbound: 4 is fine"],
            Lines(page)));
        Assert.Equal("delivered", page.Find("[data-testid=outbound] [data-status]").GetAttribute("data-status"));
    }

    [Fact]
    public async Task AReplyStoredWhileThePageIsOpenAppearsLiveAndAStopShowsTheOptedOutChip()
    {
        await SignInAsync("viewer@example.com", AppRoles.Viewer);
        await AddAsync(StoredMessage(1, to: Number, body: "Reminder", createdAt: Now.AddMinutes(-30)));
        var page = Open();
        page.WaitForAssertion(() => Assert.Single(Lines(page)));
        Assert.Empty(page.FindAll("[data-testid=opted-out]"));

        await Recorder.RecordAsync(Reply("STOP", Now), Ct);

        page.WaitForAssertion(() => Assert.Equal(["outbound: Reminder", "inbound: STOP"], Lines(page)));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=opted-out]")));
    }

    [Fact]
    public async Task AStatusChangeOfASentMessageUpdatesItsChipLive()
    {
        await SignInAsync("viewer@example.com", AppRoles.Viewer);
        var sent = await AddAsync(StoredMessage(1, MessageStatus.Sent, to: Number, body: "On its way", createdAt: Now.AddMinutes(-30)));
        var page = Open();
        page.WaitForAssertion(() => Assert.Equal("sent", page.Find("[data-testid=outbound] [data-status]").GetAttribute("data-status")));

        await Notifications.PublishLocallyAsync(new(sent with { Status = MessageStatus.Delivered, Version = sent.Version + 1 }, MessageChangeKind.StatusChanged));

        page.WaitForAssertion(() => Assert.Equal("delivered", page.Find("[data-testid=outbound] [data-status]").GetAttribute("data-status")));
    }

    [Fact]
    public async Task TheRouteEscapesTheNumberAndThePageReadsItBack()
    {
        await SignInAsync("viewer@example.com", AppRoles.Viewer);

        Assert.Equal("/conversations/%2B14155550123", ConversationRoute.For(Number));
        var page = Open(Uri.UnescapeDataString("%2B14155550123"));

        page.WaitForAssertion(() => Assert.Contains($"Conversation with {Number}", page.Markup, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=bad-number]"));
    }

    [Theory]
    [InlineData(AppRoles.Viewer, false)]
    [InlineData(AppRoles.Operator, true)]
    public async Task InSimulatorModeTheReplySimulatorIsOfferedOnlyToThoseWhoMaySend(string role, bool offered)
    {
        // The pages' TwilioOptions are the defaults: Simulator mode.
        await SignInAsync($"{role.ToLowerInvariant()}@example.com", role);

        var page = Open();

        page.WaitForAssertion(() => Assert.Contains("Conversation with", page.Markup, StringComparison.Ordinal));
        Assert.Equal(offered, page.FindAll("#simulate-reply").Count == 1);
    }
}
