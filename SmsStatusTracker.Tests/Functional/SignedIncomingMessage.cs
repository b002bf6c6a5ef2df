using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Web.Endpoints.StatusCallbacks;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>Incoming-message webhooks the way Twilio posts them, signed with a really computed X-Twilio-Signature (<see cref="SignedCallback.Request"/>).</summary>
public static class SignedIncomingMessage
{
    public static Dictionary<string, string> Form(string sid, string from, string body) => new()
    {
        ["MessageSid"] = sid,
        ["SmsSid"] = sid,
        ["SmsMessageSid"] = sid,
        ["AccountSid"] = TwilioOptions.SimulatorAccountSid,
        ["From"] = from,
        ["To"] = TwilioOptions.SimulatorFrom,
        ["Body"] = body,
        ["NumMedia"] = "0",
        ["NumSegments"] = "1",
        ["SmsStatus"] = "received",
        ["ApiVersion"] = "2010-04-01",
    };

    public static HttpRequestMessage Request(Uri baseAddress, Dictionary<string, string> form, string? authToken = TwilioOptions.SimulatorAuthToken) =>
        SignedCallback.Request(new Uri(baseAddress, InboundSmsRoute.Path), form, authToken);

    public static async Task<HttpResponseMessage> PostAsync(TrackerApp tracker, string from, string body, string? sid = null)
    {
        using var http = tracker.CreateHttpClient();
        return await http.SendAsync(Request(tracker.BaseAddress, Form(sid ?? SignedCallback.NewSid(), from, body)), TestContext.Current.CancellationToken);
    }
}
