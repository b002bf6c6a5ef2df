using System.Globalization;
using SmsStatusTracker.Core.Insights;

namespace SmsStatusTracker.Web.Components.Insights;

/// <summary>How the insights page writes its numbers.</summary>
public static class InsightFormat
{
    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    public static string Rate(double? rate) => rate is { } r ? (r * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "–";

    /// <summary>A percentile read from a histogram is its bucket's upper bound: "≤".</summary>
    public static string Duration(TimeSpan? duration) => duration switch
    {
        null => "–",
        { TotalSeconds: < 1 } d => $"≤ {d.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms",
        { TotalMinutes: < 2 } d => $"≤ {d.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s",
        { TotalHours: < 2 } d => $"≤ {d.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture)} min",
        var d => $"≤ {d.Value.TotalHours.ToString("0.#", CultureInfo.InvariantCulture)} h",
    };

    public static string Outcome(InsightOutcome outcome) => outcome switch
    {
        InsightOutcome.Delivered => "Delivered",
        InsightOutcome.Undelivered => "Undelivered",
        InsightOutcome.Failed => "Failed",
        InsightOutcome.Canceled => "Canceled",
        _ => "Other final",
    };

    public static string Dimension(InsightDimension dimension) => dimension switch
    {
        InsightDimension.Sender => "Sender (From)",
        InsightDimension.Operator => "Operator (sent by)",
        InsightDimension.Country => "Recipient country",
        InsightDimension.ErrorCode => "Error code",
        _ => "No filter",
    };

    /// <summary>A point of the series in the reader's zone, as short as its length allows.</summary>
    public static string Period(InsightSeriesPoint point, TimeZoneInfo zone)
    {
        var start = TimeZoneInfo.ConvertTime(point.Start, zone);
        var length = point.End - point.Start;
        return length >= TimeSpan.FromHours(23) ? start.ToString("MMM d", CultureInfo.InvariantCulture)
            : length >= TimeSpan.FromHours(6) ? start.ToString("MMM d HH:mm", CultureInfo.InvariantCulture)
            : start.ToString("HH:mm", CultureInfo.InvariantCulture);
    }
}
