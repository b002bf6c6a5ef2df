using SmsStatusTracker.Core.Insights;

namespace SmsStatusTracker.Tests.Insights;

public sealed class InsightArithmeticTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 34, 56, TimeSpan.Zero);

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.0999, 0)]
    [InlineData(0.1, 1)]
    [InlineData(0.1249, 1)]
    [InlineData(0.125, 2)]
    [InlineData(3600.0, 48)]
    public void DurationsFallInTheirHalfOpenLogScaleBucket(double seconds, int bucket)
    {
        var index = LatencyHistogram.BucketOf(TimeSpan.FromSeconds(seconds));

        Assert.Equal(bucket, index);
        Assert.True(TimeSpan.FromSeconds(seconds) >= LatencyHistogram.LowerBound(index) && TimeSpan.FromSeconds(seconds) < LatencyHistogram.UpperBound(index));
    }

    [Fact]
    public void APercentileIsTheUpperBoundOfTheBucketHoldingItsRank()
    {
        // 90 fast (bucket 10), 9 slower (bucket 20), 1 slowest (bucket 30).
        var counts = new Dictionary<int, long> { [10] = 90, [20] = 9, [30] = 1 };

        Assert.Equal(LatencyHistogram.UpperBound(10), LatencyHistogram.Percentile(counts, 0.50));
        Assert.Equal(LatencyHistogram.UpperBound(20), LatencyHistogram.Percentile(counts, 0.95));
        Assert.Equal(LatencyHistogram.UpperBound(20), LatencyHistogram.Percentile(counts, 0.99));
        Assert.Equal(LatencyHistogram.UpperBound(30), LatencyHistogram.Percentile(counts, 1.0));
        Assert.Null(LatencyHistogram.Percentile(new Dictionary<int, long>(), 0.5));
    }

    [Fact]
    public void ThirtyDaysReadsAtMost720HourlyRowsAndMinuteRowsOnlyForTheRecentEnd()
    {
        var plan = InsightWindowPlan.For(Now.AddDays(-30), Now, Now);

        var hours = plan.Ranges.Single(r => r.Grain == InsightGrain.Hour);
        Assert.True((hours.To - hours.From).TotalHours <= 720);
        Assert.Equal(Now.AddDays(-30).AddMinutes(-34).AddSeconds(-56), plan.From); // the old end widens to its hour
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 12, 35, 0, TimeSpan.Zero), plan.To); // the recent end to its minute
        Assert.Equal(InsightGrain.Minute, plan.Ranges[^1].Grain);
    }

    [Fact]
    public void TheLastHourIsReadFromMinuteRowsAlone()
    {
        var plan = InsightWindowPlan.For(Now.AddHours(-1), Now, Now);

        Assert.Equal([new InsightRowRange(InsightGrain.Minute, new DateTimeOffset(2026, 11, 30, 11, 34, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 30, 12, 35, 0, TimeSpan.Zero))], plan.Ranges);
    }

    [Fact]
    public void DailyPointsStartAtTheReadersLocalMidnight()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var plan = InsightWindowPlan.For(Now.AddDays(-30), Now, Now);

        var series = InsightSeries.Cut(plan, zone, []);

        Assert.All(series.Skip(1), p => Assert.Equal(TimeSpan.Zero, TimeZoneInfo.ConvertTime(p.Start, zone).TimeOfDay));
        Assert.Equal(plan.From, series[0].Start);
        Assert.Equal(plan.To, series[^1].End);
    }
}
