using System.Text.RegularExpressions;
using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Sending;

/// <summary>The rules every send must pass, whichever way it arrives (compose form, resend, REST API, CLI).</summary>
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
        else if (FirstControlCharacter(request.Body) is { } control)
        {
            errors["body"] = [$"The message contains a control character (U+{(int)control:X4}) at position {request.Body.IndexOf(control, StringComparison.Ordinal) + 1}; only line breaks and tabs are allowed."];
        }

        return errors;
    }

    // NUL and other C0/C1 controls are not text: Twilio rejects or mangles them, and the send would end as outcome_unknown.
    private static char? FirstControlCharacter(string body)
    {
        foreach (var c in body)
        {
            if (char.IsControl(c) && c is not ('\r' or '\n' or '\t'))
            {
                return c;
            }
        }

        return null;
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex E164();
}
