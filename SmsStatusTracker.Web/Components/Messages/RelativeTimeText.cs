using System.Globalization;

namespace SmsStatusTracker.Web.Components.Messages;

/// <summary>"2 min ago" for a time, and the absolute form that goes in its tooltip.</summary>
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

    /// <summary>The server cannot know the reader's time zone, so times are shown in UTC and say so.</summary>
    public static string Absolute(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
