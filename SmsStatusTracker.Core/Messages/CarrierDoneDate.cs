using System.Globalization;

namespace SmsStatusTracker.Core.Messages;

/// <summary>
/// Twilio's <c>RawDlrDoneDate</c>: when the carrier says it finished with the message, as <c>YYMMDDhhmm</c> in UTC
/// (minute precision). Kept raw on <see cref="Message"/> and <see cref="StatusEvent"/>; read here.
/// </summary>
public static class CarrierDoneDate
{
    /// <summary>The time <paramref name="raw"/> names, or false when it is missing or not a real YYMMDDhhmm time.</summary>
    public static bool TryParse(string? raw, out DateTimeOffset doneAt)
    {
        doneAt = default;
        if (raw is not { Length: 10 } || !raw.All(char.IsAsciiDigit)
            || !DateTime.TryParseExact(raw, "yyMMddHHmm", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return false;
        }

        doneAt = new DateTimeOffset(parsed, TimeSpan.Zero);
        return true;
    }

    /// <summary>
    /// From our send (<paramref name="sentAt"/>, Twilio's accepting the message) to the carrier's done date: how long
    /// the carrier took. The done date has whole minutes, so a latency under a minute may read as zero (never below);
    /// a done date more than a minute before the send is a carrier clock we cannot measure by: null.
    /// </summary>
    public static TimeSpan? Latency(DateTimeOffset? sentAt, string? raw)
    {
        if (sentAt is not { } sent || !TryParse(raw, out var done))
        {
            return null;
        }

        // The done date is truncated to its minute: a report in the send's own minute is "under a minute".
        var latency = done - sent;
        return latency >= TimeSpan.Zero ? latency : latency > TimeSpan.FromMinutes(-1) ? TimeSpan.Zero : null;
    }
}
