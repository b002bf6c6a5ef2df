using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Web.Simulator;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>Builds status callbacks the way Twilio posts them, signed with a really computed X-Twilio-Signature.</summary>
public static class SignedCallback
{
    public static Dictionary<string, string> Form(string sid, string status, int? errorCode = null)
    {
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = sid,
            ["SmsSid"] = sid,
            ["MessageStatus"] = status,
            ["SmsStatus"] = status,
            ["AccountSid"] = TwilioOptions.SimulatorAccountSid,
            ["From"] = TwilioOptions.SimulatorFrom,
            ["To"] = "+15005550006",
            ["ApiVersion"] = "2010-04-01",
        };
        if (errorCode is { } code)
        {
            form["ErrorCode"] = code.ToString();
        }

        return form;
    }

    public static HttpRequestMessage Request(Uri url, Dictionary<string, string> form, string? authToken = TwilioOptions.SimulatorAuthToken, string? idempotencyToken = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        if (authToken is not null)
        {
            request.Headers.Add(SmsStatusTracker.Core.Twilio.TwilioHeaders.Signature, TwilioRequestSigner.Sign(authToken, url.ToString(), form));
        }

        if (idempotencyToken is not null)
        {
            request.Headers.Add(SmsStatusTracker.Core.Twilio.TwilioHeaders.IdempotencyToken, idempotencyToken);
        }

        return request;
    }

    public static string NewSid() => "SM" + Guid.NewGuid().ToString("N");
}
