using System.Globalization;

namespace SmsStatusTracker.Web.Components.Messages;

/// <summary>
/// The compose form's send time: what a <c>datetime-local</c> box holds (<c>2026-12-01T09:30</c>, no zone) read as a
/// wall-clock time in the reader's zone (<see cref="ReaderSettings.Zone"/>), and back.
/// </summary>
public static class ScheduleInput
{
    private const string Format = "yyyy-MM-dd'T'HH:mm";

    /// <summary>The instant <paramref name="text"/> names in <paramref name="zone"/>; null with an error when it is not a time.</summary>
    public static DateTimeOffset? FromLocal(string? text, TimeZoneInfo zone, out string? error)
    {
        error = null;
        if (!DateTime.TryParseExact(text?.Trim(), [Format, "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            error = "Choose the date and time to send it.";
            return null;
        }

        // A time skipped by a daylight-saving change reads as the standard offset's.
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>The box's text for <paramref name="at"/> in <paramref name="zone"/>.</summary>
    public static string ToLocal(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString(Format, CultureInfo.InvariantCulture);
}
