using System.Reflection;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Web.Components.Messages;
using SmsStatusTracker.Web.Components.Pages;

namespace SmsStatusTracker.Tests.Components;

/// <summary>
/// The compose form keeps one idempotency key per composed message and Send again one per press, so pressing again
/// after a send that went wrong half-way (here: Twilio accepted it, then the store failed to record the answer, and
/// the page said so) never sends it a second time.
/// </summary>
public sealed class PagesSendOnceTests : MessagePagesContext
{
    private readonly FailingUpdates store;

    public PagesSendOnceTests()
    {
        store = FailingUpdates.Wrap(Store);
        Services.AddSingleton<IMessageStore>((IMessageStore)(object)store);
    }

    [Fact]
    public async Task PressingSendAgainAfterASendThatFailedHalfWaySendsNothingMore()
    {
        await SignInAsync("operator@example.com", AppRoles.Operator);
        var form = RenderPage<ComposeForm>();
        await form.Find("#compose-to").InputAsync(new() { Value = "+14155550123" });
        await form.Find("#compose-body").InputAsync(new() { Value = "Only once, whatever happens" });
        store.FailNextUpdate = true;

        await form.Find("#compose-send").ClickAsync(new());
        await form.Find("#compose-send").ClickAsync(new());

        Assert.Single(Twilio.Requests);
        Assert.Single((await Store.ListAsync(new(), Ct)).Items);
        var shown = Services.GetRequiredService<MudBlazor.ISnackbar>().ShownSnackbars.Select(s => s.Message ?? "").ToArray();
        Assert.Contains(shown, m => m.Contains("will not be sent twice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PressingSendAgainTwiceAfterAResendThatFailedHalfWayResendsOnce()
    {
        await SignInAsync("operator@example.com", AppRoles.Operator);
        var original = await AddAsync(StoredMessage(1, MessageStatus.Undelivered, to: "+14155550199", errorCode: 30003));
        var page = RenderPage<MessageDetails>(new Dictionary<string, object?> { [nameof(MessageDetails.Id)] = original.Id });
        store.FailNextUpdate = true;

        await page.WaitForElement("#send-again").ClickAsync(new());
        await page.WaitForElement("#send-again").ClickAsync(new());

        Assert.Single(Twilio.Requests);
        Assert.Single(await Store.FindResendsOfAsync(original.Id, Ct));
    }

    [Fact]
    public async Task AnotherMessageAfterAnAnsweredSendIsSentWithItsOwnKey()
    {
        await SignInAsync("operator@example.com", AppRoles.Operator);
        var form = RenderPage<ComposeForm>();
        await form.Find("#compose-to").InputAsync(new() { Value = "+14155550123" });

        foreach (var text in new[] { "Same text twice", "Same text twice" })
        {
            await form.Find("#compose-body").InputAsync(new() { Value = text });
            await form.Find("#compose-send").ClickAsync(new());
        }

        Assert.Equal(2, Twilio.Requests.Count);
        Assert.Equal(2, (await Store.ListAsync(new(), Ct)).Total);
    }

    /// <summary>The store, except that the next update fails as an unreachable store does. Every other member is forwarded.</summary>
    public class FailingUpdates : DispatchProxy
    {
        private IMessageStore inner = null!;

        public bool FailNextUpdate { get; set; }

        public static FailingUpdates Wrap(IMessageStore inner)
        {
            var proxy = Create<IMessageStore, FailingUpdates>();
            var self = (FailingUpdates)(object)proxy;
            self.inner = inner;
            return self;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name == nameof(IMessageStore.UpdateAsync) && FailNextUpdate)
            {
                FailNextUpdate = false;
                return Task.FromException<Core.Messages.Message?>(new StoreUnavailableException("The store went away."));
            }

            return targetMethod.Invoke(inner, args);
        }
    }
}
