using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Sending;
using SmsStatusTracker.Web.Identity;
using SmsStatusTracker.Web.Components.Messages;

namespace SmsStatusTracker.Tests.Components;

public sealed class ComposeFormTests : MessagePagesContext
{
    [Fact]
    public async Task AMessageSentFromTheFormRecordsTheSignedInUserAsItsSender()
    {
        await SignInAsync("operator@example.com", AppRoles.Operator);
        var form = RenderPage<ComposeForm>();

        await FillAndSendAsync(form, "+14155550123", "Hello");

        var sent = Assert.Single((await Store.ListAsync(new(), Ct)).Items);
        Assert.Equal("operator@example.com", sent.SentBy);
        Assert.Single(Twilio.Requests);
    }

    [Fact]
    public async Task AFormOpenedBeforeItsUserWasDemotedSendsNothing()
    {
        var userId = await SignInAsync("operator@example.com", AppRoles.Operator);
        var form = RenderPage<ComposeForm>();
        Assert.True((await Accounts.ChangeRoleAsync(userId, AppRoles.Viewer, Ct)).Succeeded);

        await FillAndSendAsync(form, "+14155550123", "Hello");

        Assert.Equal(0, (await Store.ListAsync(new(), Ct)).Total);
        Assert.Empty(Twilio.Requests);
        var refusal = Assert.Single(Services.GetRequiredService<MudBlazor.ISnackbar>().ShownSnackbars);
        Assert.Contains("Nothing was sent", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnSubmitTheFormShowsTheSendersOwnErrorsInlineAndSendsNothing()
    {
        await SignInAsync("operator@example.com", AppRoles.Operator);
        var actor = (await Authentication.GetAuthenticationStateAsync()).User.ToActor();
        const string body = "Bell\u0007 in the text";
        var expected = await Assert.ThrowsAsync<SendSmsValidationException>(() => Services.GetRequiredService<SmsSender>()
            .SendAsync(new SendSmsRequest("", body), actor, Ct));
        var form = RenderPage<ComposeForm>();

        // Nothing typed in the recipient: no as-you-type hint, so only the sender can object.
        await form.Find("#compose-body").InputAsync(new() { Value = body });
        await form.Find("#compose-send").ClickAsync(new());

        form.WaitForAssertion(() =>
        {
            var shown = System.Net.WebUtility.HtmlDecode(form.Markup);
            Assert.Contains(expected.Errors["to"][0], shown, StringComparison.Ordinal);
            Assert.Contains(expected.Errors["body"][0], shown, StringComparison.Ordinal);
        });
        Assert.Equal(0, (await Store.ListAsync(new(), Ct)).Total);
        Assert.Empty(Twilio.Requests);
    }

    [Fact]
    public async Task TheFormSendsTheRecipientAsTypedAndTheSenderStoresItInE164()
    {
        await SignInAsync("operator@example.com", AppRoles.Operator);
        var form = RenderPage<ComposeForm>();

        await FillAndSendAsync(form, "(415) 555-2671", "National format");

        Assert.Equal("+14155552671", Assert.Single((await Store.ListAsync(new(), Ct)).Items).To);
    }

    [Fact]
    public async Task TextTypedWhileTheLastSendIsUnderWayIsKeptAndNotSent()
    {
        await SignInAsync("operator@example.com", AppRoles.Operator);
        var form = RenderPage<ComposeForm>();
        Twilio.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await form.Find("#compose-to").InputAsync(new() { Value = "+14155550123" });
        await form.Find("#compose-body").InputAsync(new() { Value = "The first message" });

        var firstSend = form.Find("#compose-send").ClickAsync(new());
        await form.Find("#compose-body").InputAsync(new() { Value = "The next one, typed while the first was sending" });
        Twilio.Gate.SetResult();
        await firstSend;

        form.WaitForAssertion(() => Assert.Equal("The next one, typed while the first was sending", form.Find("#compose-body").GetAttribute("value")));
        var sent = Assert.Single((await Store.ListAsync(new(), Ct)).Items);
        Assert.Equal("The first message", sent.Body);
    }

    [Fact]
    public async Task TheBoxClearsAfterASendWhenItStillHoldsTheTextThatWasSent()
    {
        await SignInAsync("operator@example.com", AppRoles.Operator);
        var form = RenderPage<ComposeForm>();

        await FillAndSendAsync(form, "+14155550123", "Sent and cleared");

        form.WaitForAssertion(() => Assert.Equal("", form.Find("#compose-body").GetAttribute("value") ?? ""));
    }

    [Fact]
    public async Task ASecondPressWhileSendingSendsNothingMore()
    {
        await SignInAsync("operator@example.com", AppRoles.Operator);
        var form = RenderPage<ComposeForm>();
        Twilio.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await form.Find("#compose-to").InputAsync(new() { Value = "+14155550123" });
        await form.Find("#compose-body").InputAsync(new() { Value = "Once only" });

        var first = form.Find("#compose-send").ClickAsync(new());
        var second = form.Find("#compose-send").ClickAsync(new());
        Twilio.Gate.SetResult();
        await Task.WhenAll(first, second);

        Assert.Single((await Store.ListAsync(new(), Ct)).Items);
        Assert.Single(Twilio.Requests);
    }

    private static async Task FillAndSendAsync(IRenderedComponent<ComposeForm> form, string to, string body)
    {
        await form.Find("#compose-to").InputAsync(new() { Value = to });
        await form.Find("#compose-body").InputAsync(new() { Value = body });
        await form.Find("#compose-send").ClickAsync(new());
    }
}
