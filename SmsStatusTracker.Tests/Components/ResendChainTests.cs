using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Web.Components.Pages;
using SmsStatusTracker.Web.LiveFeed;

namespace SmsStatusTracker.Tests.Components;

/// <summary>A message's page shows its chain of resends both ways, and keeps it current.</summary>
public sealed class ResendChainTests : MessagePagesContext
{
    private IRenderedComponent<MessageDetails> Open(Guid id) =>
        RenderPage<MessageDetails>(new Dictionary<string, object?> { [nameof(MessageDetails.Id)] = id });

    private static string[] ResentAs(IRenderedComponent<MessageDetails> page) =>
        page.FindAll("[data-testid=resent-as] a[data-resend-id]").Select(a => a.GetAttribute("href")!).ToArray();

    [Fact]
    public async Task AnOriginalLinksToEachOfItsResendsOldestFirstWithTheirStatuses()
    {
        var original = await AddAsync(StoredMessage(1, MessageStatus.Undelivered, errorCode: 30003));
        var later = await AddAsync(StoredMessage(3, MessageStatus.Delivered) with { ResentFromId = original.Id });
        var earlier = await AddAsync(StoredMessage(2, MessageStatus.Undelivered, errorCode: 30003) with { ResentFromId = original.Id });
        await AddAsync(StoredMessage(4, MessageStatus.Delivered) with { ResentFromId = later.Id });

        var page = Open(original.Id);

        page.WaitForAssertion(() => Assert.Equal([$"messages/{earlier.Id}", $"messages/{later.Id}"], ResentAs(page)));
        var chain = page.Find("[data-testid=resent-as]");
        Assert.Equal(["undelivered", "delivered"], chain.QuerySelectorAll("[data-status]").Select(s => s.GetAttribute("data-status")));
        Assert.Empty(page.FindAll("[data-testid=resent-from]"));
    }

    [Fact]
    public async Task AMessageInTheMiddleOfAChainLinksBothWays()
    {
        var original = await AddAsync(StoredMessage(1, MessageStatus.Failed, errorCode: 30003));
        var middle = await AddAsync(StoredMessage(2, MessageStatus.Undelivered, errorCode: 30003) with { ResentFromId = original.Id });
        var last = await AddAsync(StoredMessage(3, MessageStatus.Delivered) with { ResentFromId = middle.Id });

        var page = Open(middle.Id);

        page.WaitForAssertion(() => Assert.Equal([$"messages/{last.Id}"], ResentAs(page)));
        Assert.Equal($"messages/{original.Id}", page.Find("[data-testid=resent-from] a").GetAttribute("href"));
    }

    [Fact]
    public async Task AResendMadeElsewhereAppearsLiveAndFollowsItsStatus()
    {
        var original = await AddAsync(StoredMessage(1, MessageStatus.Undelivered, errorCode: 30003));
        var page = Open(original.Id);
        page.WaitForElement("[data-testid=resent-from], h5");
        Assert.Empty(page.FindAll("[data-testid=resent-as]"));

        var resend = StoredMessage(2, MessageStatus.Queued) with { ResentFromId = original.Id };
        await Notifications.PublishLocallyAsync(new MessageChange(MessageChangedEvent.AsRow(resend), MessageChangeKind.Created));
        page.WaitForAssertion(() => Assert.Equal([$"messages/{resend.Id}"], ResentAs(page)));

        var delivered = resend with { Status = MessageStatus.Delivered, Version = resend.Version + 1 };
        await Notifications.PublishLocallyAsync(new MessageChange(MessageChangedEvent.AsRow(delivered), MessageChangeKind.StatusChanged));
        page.WaitForAssertion(() => Assert.Equal("delivered", page.Find("[data-testid=resent-as] [data-status]").GetAttribute("data-status")));
        Assert.Equal("undelivered", page.Find("h5 [data-status]").GetAttribute("data-status"));
    }

    [Fact]
    public async Task SendingAgainOpensTheNewMessageWhichLinksBackWithoutAPopUp()
    {
        await SignInAsync("operator@example.com", AppRoles.Operator);
        var original = await AddAsync(StoredMessage(1, MessageStatus.Undelivered, to: "+14155550199", errorCode: 30003));
        var page = Open(original.Id);

        await page.WaitForElement("#send-again").ClickAsync(new());

        var resendId = Assert.Single((await Store.FindResendsOfAsync(original.Id, Ct))).Id;
        Assert.EndsWith($"/messages/{resendId}", Navigation.Uri);
        Assert.Empty(Services.GetRequiredService<MudBlazor.ISnackbar>().ShownSnackbars);
        await DisposeComponentsAsync();
        var resendPage = Open(resendId);
        resendPage.WaitForAssertion(() => Assert.Equal($"messages/{original.Id}", resendPage.Find("[data-testid=resent-from] a").GetAttribute("href")));
    }
}
