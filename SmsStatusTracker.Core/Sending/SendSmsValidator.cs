using System.Text.RegularExpressions;
using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Sending;

public static partial class SendSmsValidator
{
    public static IReadOnlyDictionary<string, string[]> Validate(SendSmsRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.To))
        {
            errors["to"] = ["Enter the recipient's phone number."];
        }
        else if (!E164().IsMatch(request.To))
        {
            errors["to"] = ["The recipient must be a phone number in international (E.164) form, e.g. +14155550123."];
        }

        if (string.IsNullOrWhiteSpace(request.Body))
        {
            errors["body"] = ["Enter the message text."];
        }
        else if (request.Body.Length > SmsSegmentCounter.MaxBodyLength)
        {
            errors["body"] = [$"The message is {request.Body.Length} characters; Twilio accepts at most {SmsSegmentCounter.MaxBodyLength}."];
        }

        return errors;
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex E164();
}
