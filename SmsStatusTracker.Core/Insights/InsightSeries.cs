namespace SmsStatusTracker.Core.Insights;

/// <summary>
/// Cuts a window into the series' points: 5-minute points up to <see cref="InsightWindowPlan.MinuteOnlyWindow"/>,
/// hours up to two days, 6 hours up to two weeks, days beyond; days and 6-hour points start at the reader's local
/// midnight. A rollup row counts in the point its bucket starts in (in a zone offset by half an hour, an hourly row
/// lands in the point its first minute belongs to).
/// </summary>
public static class InsightSeries
{
    public static TimeSpan StepFor(TimeSpan window) =>
        window <= InsightWindowPlan.MinuteOnlyWindow ? TimeSpan.FromMinutes(5)
        : window <= TimeSpan.FromDays(2) ? TimeSpan.FromHours(1)
        : window <= TimeSpan.FromDays(14) ? TimeSpan.FromHours(6)
        : TimeSpan.FromDays(1);

    public static IReadOnlyList<InsightSeriesPoint> Cut(InsightWindowPlan plan, TimeZoneInfo zone, IEnumerable<InsightRollupRow> rows)
    {
        var bounds = Bounds(plan.From, plan.To, StepFor(plan.To - plan.From), zone);
        var total = new long[bounds.Count - 1];
        var delivered = new long[bounds.Count - 1];
        var final = new long[bounds.Count - 1];
        foreach (var row in rows)
        {
            var index = bounds.BinarySearch(row.Bucket);
            index = index >= 0 ? index : ~index - 1;
            if (index < 0 || index >= total.Length)
            {
                continue;
            }

            total[index] += row.Counts.GetValueOrDefault(InsightMetrics.Total);
            delivered[index] += row.Counts.GetValueOrDefault(InsightsReader.FinalKey(InsightOutcome.Delivered));
            final[index] += Enum.GetValues<InsightOutcome>().Sum(o => row.Counts.GetValueOrDefault(InsightsReader.FinalKey(o)));
        }

        return [.. Enumerable.Range(0, total.Length).Select(i => new InsightSeriesPoint(bounds[i], bounds[i + 1], total[i], delivered[i], final[i]))];
    }

    private static List<DateTimeOffset> Bounds(DateTimeOffset from, DateTimeOffset to, TimeSpan step, TimeZoneInfo zone)
    {
        var bounds = new List<DateTimeOffset> { from };
        var next = FirstBoundAfter(from, step, zone);
        while (next < to)
        {
            bounds.Add(next);
            next = step >= TimeSpan.FromHours(6) ? LocalStep(next, step, zone) : next + step;
        }

        bounds.Add(to);
        return bounds;
    }

    private static DateTimeOffset FirstBoundAfter(DateTimeOffset from, TimeSpan step, TimeZoneInfo zone)
    {
        if (step < TimeSpan.FromHours(6))
        {
            var utc = from.UtcTicks;
            return new DateTimeOffset(utc - utc % step.Ticks, TimeSpan.Zero) + step;
        }

        var local = TimeZoneInfo.ConvertTime(from, zone);
        var floor = local.Date + TimeSpan.FromTicks(local.TimeOfDay.Ticks - local.TimeOfDay.Ticks % step.Ticks);
        var bound = AtLocal(floor, zone);
        return bound > from ? bound : LocalStep(bound, step, zone);
    }

    private static DateTimeOffset LocalStep(DateTimeOffset bound, TimeSpan step, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(bound, zone).DateTime + step;
        var next = AtLocal(local, zone);
        return next > bound ? next : bound + step;
    }

    // A local time skipped by a daylight-saving change starts at the first valid time after it.
    private static DateTimeOffset AtLocal(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
