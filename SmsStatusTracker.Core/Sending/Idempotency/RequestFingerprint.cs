using System.Security.Cryptography;
using System.Text;

namespace SmsStatusTracker.Core.Sending.Idempotency;

/// <summary>
/// What makes two creates "the same request": the operation and its normalised fields (the recipient in E.164, so
/// "(415) 555-2671" and "+14155552671" match), hashed. Fields are length-prefixed so no two lists collide.
/// </summary>
public static class RequestFingerprint
{
    public static string Of(SendSmsRequest normalized) => normalized.SendAt is { } sendAt
        ? Of("messages.send", normalized.To, normalized.Body, normalized.ResentFromId?.ToString("N"), sendAt.ToUniversalTime().ToString("O"))
        : Of("messages.send", normalized.To, normalized.Body, normalized.ResentFromId?.ToString("N"));

    public static string Of(string operation, params string?[] fields)
    {
        var text = new StringBuilder(operation);
        foreach (var field in fields)
        {
            text.Append('\n').Append(field is null ? "-" : $"{field.Length}:{field}");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
