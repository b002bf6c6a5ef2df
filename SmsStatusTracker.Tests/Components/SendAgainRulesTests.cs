using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Sending;
using SmsStatusTracker.Web.Components.Pages;

namespace SmsStatusTracker.Tests.Components;

/// <summary>Send again only where it can help: never after an opt-out (21610) or to a number that cannot take SMS.</summary>
public sealed class SendAgainRulesTests : MessagePagesContext
{
    private IRenderedComponent<MessageDetails> Open(Guid id) =>
        RenderPage<MessageDetails>(new Dictionary<string, object?> { [nameof(MessageDetails.Id)] = id });

    [Theory]
    [InlineData(MessageStatus.Failed, 21610, "unsubscribed")]
    [InlineData(MessageStatus.Failed, 21211, "typos")]
    [InlineData(MessageStatus.Undelivered, 30006, "mobile number")]
    [InlineData(MessageStatus.Undelivered, 30004, "blocking")]
    public async Task APermanentErrorOffersNoSendAgainAndSaysWhy(MessageStatus status, int errorCode, string reasonMentions)
    {
        await SignInAsync("operator@example.com", AppRoles.Operator);
        var message = await AddAsync(StoredMessage(1, status, errorCode: errorCode));

        var page = Open(message.Id);

        var why = page.WaitForElement("[data-testid='no-send-again']");
        Assert.Empty(page.FindAll("#send-again"));
        Assert.Contains(reasonMentions, why.TextContent, StringComparison.Ordinal);
        Assert.Contains(errorCode.ToString(System.Globalization.CultureInfo.InvariantCulture), why.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(30003)]
    [InlineData(30008)]
    [InlineData(21408)]
    public async Task ARetryableErrorOffersSendAgain(int errorCode)
    {
        await SignInAsync("operator@example.com", AppRoles.Operator);
        var message = await AddAsync(StoredMessage(1, MessageStatus.Undelivered, errorCode: errorCode));

        var page = Open(message.Id);

        page.WaitForElement("#send-again");
        Assert.Empty(page.FindAll("[data-testid='no-send-again']"));
    }

    [Theory]
    [InlineData(MessageStatus.Failed, 21610)]
    [InlineData(MessageStatus.Delivered, null)]
    public async Task TheSenderRefusesAResendTheRuleForbidsWhateverThePageShows(MessageStatus status, int? errorCode)
    {
        var userId = await SignInAsync("operator@example.com", AppRoles.Operator);
        var original = await AddAsync(StoredMessage(1, status, to: "+14155550123", errorCode: errorCode));
        var sender = Services.GetRequiredService<SmsSender>();

        var refused = await Assert.ThrowsAsync<SendSmsValidationException>(
            () => sender.SendAsync(new SendSmsRequest(original.To, original.Body, ResentFromId: original.Id), new Actor(userId), Ct));

        Assert.Equal(["resentFromId"], refused.Errors.Keys);
        Assert.Empty(Twilio.Requests);
        Assert.Equal(1, (await Store.ListAsync(new(), Ct)).Total);
    }

    [Fact]
    public void EveryPermanentCodeIsOneTheCatalogExplains()
    {
        foreach (var code in TwilioErrorCatalog.KnownCodes)
        {
            var explanation = TwilioErrorCatalog.Explain(code);
            var whyNot = ResendRule.WhyNot(TestMessage(code));
            Assert.Equal(explanation.IsPermanent, whyNot is not null);
        }

        Assert.False(TwilioErrorCatalog.Explain(99999).IsPermanent);
        Assert.True(TwilioErrorCatalog.Explain(21610).IsPermanent);
    }

    private static Message TestMessage(int errorCode) => StoredMessage(1, MessageStatus.Undelivered, errorCode: errorCode);
}
