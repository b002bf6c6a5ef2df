using System.Security.Cryptography;
using System.Text;

namespace SmsStatusTracker.Web.Simulator;

/// <summary>
/// Signs a webhook request as Twilio does: HMAC-SHA1, keyed with the auth token, over the full URL
/// (without fragment) followed by every parameter name and value, sorted ordinally by name; Base64.
/// </summary>
public static class TwilioRequestSigner
{
    public static string Sign(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var data = new StringBuilder(url);
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            data.Append(name).Append(value);
        }

        var hash = HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString()));
        return Convert.ToBase64String(hash);
    }
}
