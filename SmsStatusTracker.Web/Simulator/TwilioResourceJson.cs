using System.Globalization;
using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Web.Simulator;

/// <summary>Twilio's JSON shapes: a Message resource and an error body, snake_case as the SDK expects.</summary>
public static class TwilioResourceJson
{
    public static Dictionary<string, object?> Message(SimulatedMessage message)
    {
        var uri = $"/2010-04-01/Accounts/{message.AccountSid}/Messages/{message.Sid}.json";
        return new Dictionary<string, object?>
        {
            ["account_sid"] = message.AccountSid,
            ["api_version"] = StatusCallbackRequest.ApiVersion,
            ["body"] = message.Body,
            ["date_created"] = Rfc2822(message.CreatedAt),
            ["date_updated"] = Rfc2822(message.UpdatedAt),
            ["date_sent"] = message.SentAt is { } sent ? Rfc2822(sent) : null,
            ["direction"] = "outbound-api",
            ["error_code"] = message.ErrorCode,
            ["error_message"] = null,
            ["from"] = message.From,
            ["messaging_service_sid"] = message.MessagingServiceSid,
            ["num_media"] = "0",
            ["num_segments"] = message.Segments.ToString(CultureInfo.InvariantCulture),
            ["price"] = null,
            ["price_unit"] = "USD",
            ["sid"] = message.Sid,
            ["status"] = message.Status.ToWireName(),
            ["subresource_uris"] = new Dictionary<string, string> { ["media"] = uri.Replace(".json", "/Media.json") },
            ["to"] = message.To,
            ["uri"] = uri,
        };
    }

    public static Dictionary<string, object?> Error(int code, string message, int status) => new()
    {
        ["code"] = code,
        ["message"] = message,
        ["more_info"] = $"https://www.twilio.com/docs/errors/{code}",
        ["status"] = status,
    };

    private static string Rfc2822(DateTimeOffset at) =>
        at.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);
}
