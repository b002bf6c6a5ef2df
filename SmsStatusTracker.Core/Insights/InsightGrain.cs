namespace SmsStatusTracker.Core.Insights;

/// <summary>
/// The two bucket sizes rollups are kept in. Hours serve any window (30 days is 720 rows per filter); minutes serve the
/// ragged ends of a recent window, so "the last hour" is exact to the minute, and are kept for
/// <see cref="InsightGrains.MinuteHorizon"/> only.
/// </summary>
public enum InsightGrain
{
    Minute,
    Hour,
}

public static class InsightGrains
{
    /// <summary>How far back windows are cut to the minute; older ends round out to whole hours.</summary>
    public static readonly TimeSpan MinuteHorizon = TimeSpan.FromHours(48);

    /// <summary>Minute rows older than this are deleted (a margin past <see cref="MinuteHorizon"/>).</summary>
    public static readonly TimeSpan MinuteRetention = TimeSpan.FromDays(3);

    public static string Key(this InsightGrain grain) => grain == InsightGrain.Hour ? "h" : "m";

    public static TimeSpan Length(this InsightGrain grain) => grain == InsightGrain.Hour ? TimeSpan.FromHours(1) : TimeSpan.FromMinutes(1);

    /// <summary>The start of the bucket <paramref name="time"/> falls in (UTC).</summary>
    public static DateTimeOffset Floor(this InsightGrain grain, DateTimeOffset time)
    {
        var ticks = grain.Length().Ticks;
        var utc = time.UtcTicks;
        return new DateTimeOffset(utc - utc % ticks, TimeSpan.Zero);
    }

    public static DateTimeOffset Ceiling(this InsightGrain grain, DateTimeOffset time)
    {
        var floor = grain.Floor(time);
        return floor.UtcTicks == time.UtcTicks ? floor : floor + grain.Length();
    }
}
