using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Web.Components.Messages;

namespace SmsStatusTracker.Tests.Components;

/// <summary>The compose hint and the empty list say what applies to this installation and this reader.</summary>
public sealed class SmallThingsTests : MessagePagesContext
{
    private TwilioOptions twilio = new();

    public SmallThingsTests() => Services.AddSingleton<IOptions<TwilioOptions>>(_ => Options.Create(twilio));

    [Theory]
    [InlineData(TwilioMode.Simulator, true)]
    [InlineData(TwilioMode.Live, false)]
    public async Task TheComposeHintNamesSimulatorNumbersOnlyInSimulatorMode(TwilioMode mode, bool named)
    {
        twilio = new TwilioOptions { Mode = mode };
        await SignInAsync("operator@example.com", AppRoles.Operator);

        var form = RenderPage<ComposeForm>();

        var markup = form.Markup;
        Assert.Contains("without a country code", markup, StringComparison.Ordinal);
        Assert.Equal(named, markup.Contains("+15005550006", StringComparison.Ordinal));
        Assert.Equal(named, markup.Contains("Simulator", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(AppRoles.Operator, "Send one with the form")]
    [InlineData(AppRoles.Viewer, "as soon as an operator sends one")]
    public async Task AnEmptyListTellsEachReaderWhatHappensNext(string role, string advice)
    {
        await SignInAsync($"{role.ToLowerInvariant()}@example.com", role);

        var list = RenderPage<MessageList>(new Dictionary<string, object?>
        {
            [nameof(MessageList.Messages)] = Array.Empty<SmsStatusTracker.Core.Messages.Message>(),
            [nameof(MessageList.Loading)] = false,
            [nameof(MessageList.Total)] = 0L,
        });

        list.WaitForAssertion(() => Assert.Contains(advice, list.Find("[data-testid=empty-state]").TextContent, StringComparison.Ordinal));
    }
}
