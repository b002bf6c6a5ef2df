using System.Text.RegularExpressions;
using SmsStatusTracker.Core.Inbound;

namespace SmsStatusTracker.Web.Endpoints.StatusCallbacks;

/// <summary>Reads Twilio's incoming-message webhook fields into an <see cref="InboundMessage"/>.</summary>
public static partial class InboundSmsForm
{
    public const int MaxBodyLength = 1600;

    public static bool TryParse(IFormCollection form, DateTimeOffset receivedAt, out InboundMessage? message, out string? error)
    {
        message = null;
        var sid = Single(form, "MessageSid") ?? Single(form, "SmsSid");
        var from = Single(form, "From");
        var to = Single(form, "To");
        if (sid is null || from is null || to is null)
        {
            error = "MessageSid, From and To are required.";
            return false;
        }

        if (!SidPattern().IsMatch(sid))
        {
            error = "MessageSid is not a Twilio message SID.";
            return false;
        }

        if (!AddressPattern().IsMatch(from) || !AddressPattern().IsMatch(to))
        {
            error = "From and To must be phone numbers or channel addresses.";
            return false;
        }

        var body = form.TryGetValue("Body", out var values) && values.Count == 1 ? values[0] ?? "" : "";
        if (body.Length > MaxBodyLength)
        {
            error = $"Body is longer than {MaxBodyLength} characters.";
            return false;
        }

        message = new InboundMessage { Sid = sid, From = from, To = to, Body = body, ReceivedAt = receivedAt };
        error = null;
        return true;
    }

    private static string? Single(IFormCollection form, string name) =>
        form.TryGetValue(name, out var value) && value.Count == 1 && !string.IsNullOrWhiteSpace(value[0]) ? value[0]!.Trim() : null;

    [GeneratedRegex("^[A-Z]{2}[0-9a-fA-F]{32}$")]
    private static partial Regex SidPattern();

    [GeneratedRegex(@"^(\+[1-9][0-9]{1,14}|[a-z]{2,20}:[^\s]{1,64}|[A-Za-z0-9]{2,15})$")]
    private static partial Regex AddressPattern();
}
