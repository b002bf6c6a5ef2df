namespace SmsStatusTracker.Core.Insights;

/// <summary>
/// Insights for the messages created in [<see cref="From"/>, <see cref="To"/>) matching <see cref="Filter"/>. The series
/// is cut into days, hours or minutes (by the window's length) at boundaries of <see cref="Zone"/>, the reader's time
/// zone; "stuck" counts messages still not final <see cref="StuckAfter"/> after they were created.
/// </summary>
public sealed record InsightsQuery
{
    public required DateTimeOffset From { get; init; }

    public required DateTimeOffset To { get; init; }

    public InsightFilter Filter { get; init; } = InsightFilter.None;

    public TimeZoneInfo Zone { get; init; } = TimeZoneInfo.Utc;

    public TimeSpan StuckAfter { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The longest window served (hourly rows read stay bounded).</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(92);
}
