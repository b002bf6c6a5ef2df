using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Sending;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Web.Endpoints.StatusCallbacks;

namespace SmsStatusTracker.Web.Simulator;

/// <summary>
/// Simulates someone replying by SMS: posts a properly signed incoming-message webhook to this app's
/// <see cref="InboundSmsRoute"/> on its public base URL, as Twilio would. Simulator mode only; the actor must be allowed
/// to send (Operators and Admins), checked here whatever control or request asks.
/// </summary>
public sealed class SimulatedReplies(
    IHttpClientFactory httpClients,
    IPublicBaseUrl publicBaseUrl,
    IOptions<TwilioOptions> twilio,
    IOptions<SmsOptions> sms,
    ActorAuthorizer authorizer)
{
    /// <summary>Posts the reply from <paramref name="fromAsTyped"/> and returns the app's HTTP status for it (200 when stored).</summary>
    public async Task<int> SendAsync(string fromAsTyped, string body, Actor actor, CancellationToken cancellationToken)
    {
        await authorizer.AuthorizeAsync(actor, AppPermission.SendMessages, cancellationToken);
        var from = RecipientParser.Parse(fromAsTyped, sms.Value.DefaultRegion);
        if (!from.IsValid)
        {
            throw new SendSmsValidationException(new Dictionary<string, string[]> { ["from"] = [from.Error!] });
        }

        var settings = twilio.Value;
        var sid = "SM" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = sid,
            ["SmsSid"] = sid,
            ["SmsMessageSid"] = sid,
            ["AccountSid"] = settings.EffectiveAccountSid,
            ["From"] = from.E164!,
            ["To"] = settings.EffectiveFrom ?? TwilioOptions.SimulatorFrom,
            ["Body"] = body,
            ["NumMedia"] = "0",
            ["NumSegments"] = "1",
            ["SmsStatus"] = "received",
            ["ApiVersion"] = StatusCallbackRequest.ApiVersion,
        };
        var url = InboundSmsRoute.For(publicBaseUrl.Get()).ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(TwilioHeaders.Signature, TwilioRequestSigner.Sign(settings.EffectiveAuthToken, url, form));
        request.Headers.UserAgent.ParseAdd("TwilioProxy/1.1");
        using var response = await httpClients.CreateClient(SimulatorCallbackDispatcher.HttpClientName).SendAsync(request, cancellationToken);
        return (int)response.StatusCode;
    }
}
