using System.Globalization;

namespace SmsStatusTracker.Core.Scheduling;

/// <summary>The one home of the rules for a chosen send time: its format, its range, and which path holds it.</summary>
public static class SendTimeRule
{
    /// <summary>The furthest ahead a message may be scheduled (Twilio's own limit too).</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(35);

    /// <summary>Twilio schedules only from 15 minutes ahead; a minute more covers the request's way there.</summary>
    public static readonly TimeSpan TwilioMinLead = TimeSpan.FromMinutes(16);

    /// <summary>The form error key for a send time, in the form and in REST.</summary>
    public const string Field = "sendAt";

    /// <summary>Reads ISO 8601 with an explicit offset (<c>2026-12-01T09:00:00+01:00</c> or <c>…Z</c>); null text is no time.</summary>
    public static bool TryParse(string? text, out DateTimeOffset? sendAt, out string? error)
    {
        (sendAt, error) = (null, null);
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var trimmed = text.Trim();
        if (!HasOffset(trimmed) || !DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            error = "Give the send time in ISO 8601 with an offset, for example 2026-12-01T09:00:00+01:00 or 2026-12-01T08:00:00Z.";
            return false;
        }

        sendAt = parsed;
        return true;
    }

    /// <summary>Why <paramref name="sendAt"/> cannot be used at <paramref name="now"/>, or null.</summary>
    public static string? WhyInvalid(DateTimeOffset sendAt, DateTimeOffset now)
    {
        if (sendAt <= now)
        {
            return "The send time must be in the future.";
        }

        return sendAt - now > MaxAhead ? $"The send time may be at most {MaxAhead.TotalDays:0} days ahead." : null;
    }

    /// <summary>Whether Twilio can hold a message due at <paramref name="sendAt"/> (it needs a Messaging Service).</summary>
    public static bool TwilioCanHold(DateTimeOffset sendAt, DateTimeOffset now) =>
        sendAt - now >= TwilioMinLead && sendAt - now <= MaxAhead;

    private static bool HasOffset(string text)
    {
        if (text.EndsWith('Z') || text.EndsWith('z'))
        {
            return true;
        }

        var time = text.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        return time > 0 && text.IndexOfAny(['+', '-'], time) > 0;
    }
}
