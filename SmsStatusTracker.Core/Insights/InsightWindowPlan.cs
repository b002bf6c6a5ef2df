namespace SmsStatusTracker.Core.Insights;

/// <summary>A range of rollup rows of one grain: buckets starting in [<see cref="From"/>, <see cref="To"/>).</summary>
public sealed record InsightRowRange(InsightGrain Grain, DateTimeOffset From, DateTimeOffset To);

/// <summary>
/// Which rollup rows answer a window: whole hours from hourly rows, the ragged ends from minute rows while they are
/// within <see cref="InsightGrains.MinuteHorizon"/> (else the end widens to its hour), and a short recent window
/// (up to <see cref="MinuteOnlyWindow"/>) entirely from minute rows, so its series can be cut into minutes.
/// 30 days reads at most 720 hourly and 118 minute rows per filter.
/// </summary>
public sealed record InsightWindowPlan(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<InsightRowRange> Ranges)
{
    public static readonly TimeSpan MinuteOnlyWindow = TimeSpan.FromHours(3);

    public static InsightWindowPlan For(DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
    {
        var horizon = InsightGrain.Minute.Floor(now - InsightGrains.MinuteHorizon);
        var start = InsightGrain.Minute.Floor(from);
        var end = InsightGrain.Minute.Ceiling(to);
        if (end <= start)
        {
            end = start + InsightGrain.Minute.Length();
        }

        if (start >= horizon && end - start <= MinuteOnlyWindow)
        {
            return new(start, end, [new InsightRowRange(InsightGrain.Minute, start, end)]);
        }

        // Ends older than the minute rows widen to their hour.
        if (start < horizon)
        {
            start = InsightGrain.Hour.Floor(start);
        }

        if (end < horizon)
        {
            end = InsightGrain.Hour.Ceiling(end);
        }

        var hoursFrom = InsightGrain.Hour.Ceiling(start);
        var hoursTo = InsightGrain.Hour.Floor(end);
        var ranges = new List<InsightRowRange>();
        if (hoursFrom >= hoursTo)
        {
            ranges.Add(new InsightRowRange(InsightGrain.Minute, start, end));
            return new(start, end, ranges);
        }

        if (start < hoursFrom)
        {
            ranges.Add(new InsightRowRange(InsightGrain.Minute, start, hoursFrom));
        }

        ranges.Add(new InsightRowRange(InsightGrain.Hour, hoursFrom, hoursTo));
        if (hoursTo < end)
        {
            ranges.Add(new InsightRowRange(InsightGrain.Minute, hoursTo, end));
        }

        return new(start, end, ranges);
    }

    /// <summary>The latest time at or before <paramref name="time"/> that a bucket of this plan ends on (clamped to the window).</summary>
    public DateTimeOffset BucketBoundAtOrBefore(DateTimeOffset time)
    {
        if (time <= From)
        {
            return From;
        }

        if (time >= To)
        {
            return To;
        }

        var range = Ranges.First(r => time >= r.From && time < r.To);
        var bound = range.Grain.Floor(time);
        return bound < range.From ? range.From : bound;
    }
}
