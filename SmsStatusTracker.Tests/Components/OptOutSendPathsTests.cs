using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Inbound;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.OptOuts;
using SmsStatusTracker.Web.Components.Messages;
using SmsStatusTracker.Web.Components.Pages;

namespace SmsStatusTracker.Tests.Components;

/// <summary>The page send paths (compose, Send again) refuse an opted-out number with a clear message: nothing stored, Twilio not called.</summary>
public sealed class OptOutSendPathsTests : MessagePagesContext
{
    private async Task OptOutAsync(string number) =>
        await Services.GetRequiredService<OptOutLedger>().ApplyInboundAsync(
            new InboundMessage { Sid = "SM" + Guid.NewGuid().ToString("N"), From = number, To = "+15005550006", Body = "STOP", ReceivedAt = Now.AddMinutes(-1) },
            Ct);

    [Fact]
    public async Task TheComposeFormShowsWhyAnOptedOutNumberWasNotTextedAndSendsNothing()
    {
        await SignInAsync("operator@example.com", AppRoles.Operator);
        await OptOutAsync("+14155550123");
        var form = RenderPage<ComposeForm>();

        await form.Find("#compose-to").InputAsync(new() { Value = "(415) 555-0123" });
        await form.Find("#compose-body").InputAsync(new() { Value = "Hello" });
        await form.Find("#compose-send").ClickAsync(new());

        form.WaitForAssertion(() => Assert.Contains("has opted out", System.Net.WebUtility.HtmlDecode(form.Markup), StringComparison.Ordinal));
        Assert.Equal(0, (await Store.ListAsync(new(), Ct)).Total);
        Assert.Empty(Twilio.Requests);
        Assert.Equal(OptOutAction.Suppressed, (await Services.GetRequiredService<OptOutLedger>().TrailAsync("+14155550123", Ct))[^1].Action);
    }

    [Fact]
    public async Task SendAgainToANumberThatOptedOutSinceIsRefusedAndSendsNothing()
    {
        await SignInAsync("operator@example.com", AppRoles.Operator);
        var original = await AddAsync(StoredMessage(1, MessageStatus.Undelivered, to: "+14155550199", body: "Your code is 4321", errorCode: 30003));
        await OptOutAsync("+14155550199");
        var page = RenderPage<MessageDetails>(new Dictionary<string, object?> { ["Id"] = original.Id });

        await page.WaitForElement("#send-again").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains(
            Services.GetRequiredService<MudBlazor.ISnackbar>().ShownSnackbars,
            s => s.Message != null && s.Message.Contains("has opted out", StringComparison.Ordinal)));
        Assert.Equal(1, (await Store.ListAsync(new(), Ct)).Total);
        Assert.Empty(Twilio.Requests);
    }
}
