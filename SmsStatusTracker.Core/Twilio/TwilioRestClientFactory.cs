using Microsoft.Extensions.Options;
using Twilio.Clients;
using Twilio.Http;
using HttpClient = System.Net.Http.HttpClient;

namespace SmsStatusTracker.Core.Twilio;

/// <summary>Builds the SDK's client on an <see cref="IHttpClientFactory"/> client, never on global state.</summary>
public static class TwilioRestClientFactory
{
    public const string HttpClientName = "twilio";

    public static ITwilioRestClient Create(IHttpClientFactory httpClients, IOptions<TwilioOptions> options)
    {
        var settings = options.Value;
        HttpClient http = httpClients.CreateClient(HttpClientName);
        return new TwilioRestClient(settings.EffectiveAccountSid, settings.EffectiveAuthToken, httpClient: new SystemNetHttpClient(http));
    }
}
