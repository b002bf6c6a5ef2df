using System.Globalization;

namespace SmsStatusTracker.Web.Components.Messages;

/// <summary>
/// The one home for how a time reads: "2 min ago", the clock time in the reader's zone (with the date when it is not
/// today), the full form for tooltips and details, and durations ("4.2 s"). Zones come from <see cref="ReaderSettings"/>;
/// without one, UTC, and the text says so.
/// </summary>
public static class RelativeTimeText
{
    public static string Format(DateTimeOffset value, DateTimeOffset now)
    {
        var elapsed = now - value;
        if (elapsed < TimeSpan.Zero)
        {
            // A clock a little ahead of ours (another instance) should not read as "in the future".
            return elapsed > TimeSpan.FromMinutes(-1) ? "just now" : "in the future";
        }

        return elapsed switch
        {
            { TotalSeconds: < 10 } => "just now",
            { TotalMinutes: < 1 } => $"{(int)elapsed.TotalSeconds} s ago",
            { TotalHours: < 1 } => $"{(int)elapsed.TotalMinutes} min ago",
            { TotalDays: < 1 } => $"{(int)elapsed.TotalHours} h ago",
            { TotalDays: < 30 } => (int)elapsed.TotalDays == 1 ? "yesterday" : $"{(int)elapsed.TotalDays} days ago",
            _ => Absolute(value),
        };
    }

    /// <summary>"14:05:09" today (in <paramref name="zone"/>), "Mar 13, 14:05" on another day this year, else with the year.</summary>
    public static string Clock(DateTimeOffset value, DateTimeOffset now, TimeZoneInfo? zone = null)
    {
        var local = In(value, zone);
        var today = In(now, zone);
        return local.Date == today.Date ? local.ToString("HH:mm:ss", CultureInfo.InvariantCulture)
            : local.Year == today.Year ? local.ToString("MMM d, HH:mm", CultureInfo.InvariantCulture)
            : local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>"2025-03-14 08:00:00 America/New_York (UTC-04:00)", or "… UTC": unambiguous wherever it is read.</summary>
    public static string Absolute(DateTimeOffset value, TimeZoneInfo? zone = null, bool milliseconds = false)
    {
        var local = In(value, zone);
        var text = local.ToString(milliseconds ? "yyyy-MM-dd HH:mm:ss.fff" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        return zone is null || zone == TimeZoneInfo.Utc
            ? text + " UTC"
            : $"{text} {zone.Id} (UTC{local.Offset.ToString(local.Offset < TimeSpan.Zero ? "\\-hh\\:mm" : "\\+hh\\:mm", CultureInfo.InvariantCulture)})";
    }

    /// <summary>A span as people say it: "850 ms", "4.2 s", "3 min 5 s", "2 h 10 min", "3 d 4 h".</summary>
    public static string Duration(TimeSpan span) => span switch
    {
        { TotalSeconds: < 1 } => $"{Math.Max(0, (int)span.TotalMilliseconds)} ms",
        { TotalSeconds: < 10 } => span.TotalSeconds.ToString("0.0 's'", CultureInfo.InvariantCulture),
        { TotalMinutes: < 1 } => $"{(int)span.TotalSeconds} s",
        { TotalHours: < 1 } => span.Seconds == 0 ? $"{span.Minutes} min" : $"{span.Minutes} min {span.Seconds} s",
        { TotalDays: < 1 } => span.Minutes == 0 ? $"{span.Hours} h" : $"{span.Hours} h {span.Minutes} min",
        _ => span.Hours == 0 ? $"{span.Days} d" : $"{span.Days} d {span.Hours} h",
    };

    private static DateTimeOffset In(DateTimeOffset value, TimeZoneInfo? zone) =>
        TimeZoneInfo.ConvertTime(value, zone ?? TimeZoneInfo.Utc);
}
