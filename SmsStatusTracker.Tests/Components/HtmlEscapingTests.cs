using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Tests.Infrastructure;
using SmsStatusTracker.Web.Components.Messages;

namespace SmsStatusTracker.Tests.Components;

/// <summary>Message bodies and error texts come from users and carriers: they render as text, never as markup.</summary>
public sealed class HtmlEscapingTests : BunitContext
{
    private const string EvilBody = "<img src=x onerror=alert(1)><script>alert(2)</script>";
    private const string EvilError = "<b onmouseover=alert(3)>carrier</b><iframe src=javascript:alert(4)>";

    public HtmlEscapingTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void MessageListAndItsExpandedRowShowBodyAndErrorTextsEscaped()
    {
        var now = DateTimeOffset.UtcNow;
        var message = TestMessages.Stored(
            0,
            MessageStatus.Undelivered,
            sid: "SM" + Guid.NewGuid().ToString("N"),
            to: "+15005550006",
            from: "<svg onload=alert(5)>",
            body: EvilBody,
            errorCode: 30003,
            errorMessage: EvilError,
            sentBy: "<a href=javascript:alert(6)>me</a>",
            createdAt: now,
            history: [new StatusEvent { RawStatus = "<script>alert(7)</script>", Source = StatusEventSource.Callback, ReceivedAt = now, Outcome = StatusEventOutcome.Unrecognized }]);

        var list = Render<MessageList>(p => p.Add(c => c.Messages, [message]).Add(c => c.Total, 1));
        list.Find("tbody tr").Click();

        var markup = list.Markup;
        Assert.Contains("&lt;script&gt;alert(2)&lt;/script&gt;", markup);
        Assert.Contains("&lt;b onmouseover=alert(3)&gt;", markup);
        Assert.Contains("&lt;script&gt;alert(7)&lt;/script&gt;", markup);
        Assert.Empty(list.FindAll("script"));
        Assert.Empty(list.FindAll("img"));
        Assert.Empty(list.FindAll("iframe"));
        Assert.Empty(list.FindAll("svg[onload]"));
        Assert.Empty(list.FindAll("[onerror], [onmouseover], a[href^='javascript']"));
    }
}
