using System.Security.Cryptography;
using System.Text;

namespace SmsStatusTracker.Core.OutboundWebhooks;

/// <summary>
/// The Standard Webhooks signature (standardwebhooks.com): HMAC-SHA256, keyed with the secret's bytes, of
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c>, sent as <c>v1,&lt;base64&gt;</c> in <c>webhook-signature</c>.
/// </summary>
public static class WebhookSignature
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    public static string Sign(string secret, string id, long timestamp, string body)
    {
        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(WebhookSecrets.KeyOf(secret), signed));
    }

    /// <summary>True when one of the space-separated signatures in <paramref name="header"/> is this body's (constant-time comparison).</summary>
    public static bool Verify(string secret, string id, long timestamp, string body, string header)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(secret, id, timestamp, body));
        return header.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(candidate => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), expected));
    }
}
