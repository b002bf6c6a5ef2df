using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using SmsStatusTracker.Core.Insights;

namespace SmsStatusTracker.Web.Components.Insights;

/// <summary>The insights page's preset windows.</summary>
public enum InsightsWindow
{
    LastHour,
    LastDay,
    Last7Days,
    Last30Days,
    Custom,
}

/// <summary>
/// What the insights page shows, as its shareable query string: <c>?window=7d</c> (<c>1h</c>, <c>24h</c>, <c>7d</c>,
/// <c>30d</c>, or <c>custom&amp;first=2026-11-01&amp;last=2026-11-07</c>, whole days in the reader's time zone) and one
/// filter, <c>by=sender|operator|country|error&amp;value=…</c> (rollups are kept per dimension, not per combination).
/// Anything unreadable falls back to the default rather than failing the page.
/// </summary>
public sealed record InsightsView(InsightsWindow Window, DateOnly? First, DateOnly? Last, InsightFilter Filter)
{
    public static InsightsView Default { get; } = new(InsightsWindow.LastDay, null, null, InsightFilter.None);

    private static readonly Dictionary<string, InsightsWindow> WindowNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["1h"] = InsightsWindow.LastHour,
        ["24h"] = InsightsWindow.LastDay,
        ["7d"] = InsightsWindow.Last7Days,
        ["30d"] = InsightsWindow.Last30Days,
        ["custom"] = InsightsWindow.Custom,
    };

    private static readonly Dictionary<string, InsightDimension> DimensionNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sender"] = InsightDimension.Sender,
        ["operator"] = InsightDimension.Operator,
        ["country"] = InsightDimension.Country,
        ["error"] = InsightDimension.ErrorCode,
    };

    public static string NameOf(InsightsWindow window) => WindowNames.First(w => w.Value == window).Key;

    public static string NameOf(InsightDimension dimension) => DimensionNames.FirstOrDefault(d => d.Value == dimension).Key ?? "";

    public static InsightsView Parse(string? queryString)
    {
        var values = QueryHelpers.ParseQuery(queryString?.Replace("+", "%2B", StringComparison.Ordinal));
        string? Single(string key) => values.TryGetValue(key, out var v) && v.LastOrDefault() is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;
        DateOnly? Day(string key) => DateOnly.TryParseExact(Single(key), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

        var window = Single("window") is { } name && WindowNames.TryGetValue(name, out var w) ? w : Default.Window;
        var (first, last) = (Day("first"), Day("last"));
        if (window == InsightsWindow.Custom && (first is null || last is null || last < first || last.Value.DayNumber - first.Value.DayNumber >= InsightsQuery.MaxWindow.Days))
        {
            window = Default.Window;
        }

        var filter = Single("by") is { } by && DimensionNames.TryGetValue(by, out var dimension) && Single("value") is { Length: <= 200 } value
            && (dimension != InsightDimension.ErrorCode || int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            ? new InsightFilter(dimension, value)
            : InsightFilter.None;
        return window == InsightsWindow.Custom ? new(window, first, last, filter) : new(window, null, null, filter);
    }

    public string Format()
    {
        var parts = new List<string> { "window=" + NameOf(Window) };
        if (Window == InsightsWindow.Custom)
        {
            parts.Add("first=" + First!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            parts.Add("last=" + Last!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (Filter.Dimension != InsightDimension.All)
        {
            parts.Add("by=" + NameOf(Filter.Dimension));
            parts.Add("value=" + Uri.EscapeDataString(Filter.Value));
        }

        return "?" + string.Join('&', parts);
    }

    /// <summary>The window as instants: presets end now; custom days run from the first day's local midnight to the one after the last.</summary>
    public (DateTimeOffset From, DateTimeOffset To) Range(DateTimeOffset now, TimeZoneInfo zone) => Window switch
    {
        InsightsWindow.LastHour => (now.AddHours(-1), now),
        InsightsWindow.Last7Days => (now.AddDays(-7), now),
        InsightsWindow.Last30Days => (now.AddDays(-30), now),
        InsightsWindow.Custom => (LocalMidnight(First!.Value, zone), LocalMidnight(Last!.Value.AddDays(1), zone)),
        _ => (now.AddDays(-1), now),
    };

    private static DateTimeOffset LocalMidnight(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
