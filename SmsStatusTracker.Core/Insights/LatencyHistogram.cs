namespace SmsStatusTracker.Core.Insights;

/// <summary>
/// Fixed log-scale buckets for durations, so a percentile is read from summed bucket counts (rollups add, percentiles
/// do not). Bucket 0 holds everything under 100 ms; bucket i ≥ 1 holds [0.1 s × 1.25^(i-1), 0.1 s × 1.25^i), so a
/// percentile is reported as its bucket's upper bound: never lower than the truth, at most 25 % higher.
/// </summary>
public static class LatencyHistogram
{
    public const int Buckets = 90;

    private const double FirstBoundSeconds = 0.1;
    private const double Growth = 1.25;

    public static int BucketOf(TimeSpan duration)
    {
        var seconds = duration.TotalSeconds;
        if (seconds < FirstBoundSeconds)
        {
            return 0;
        }

        var index = 1 + (int)Math.Floor(Math.Log(seconds / FirstBoundSeconds) / Math.Log(Growth));
        // Floating-point rounding at an exact bound: keep the half-open definition.
        while (index > 1 && seconds < LowerBound(index).TotalSeconds)
        {
            index--;
        }

        return Math.Min(index, Buckets - 1);
    }

    /// <summary>The smallest duration bucket <paramref name="index"/> holds.</summary>
    public static TimeSpan LowerBound(int index) =>
        index <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(FirstBoundSeconds * Math.Pow(Growth, index - 1));

    /// <summary>The bound below which every duration in bucket <paramref name="index"/> lies.</summary>
    public static TimeSpan UpperBound(int index) => TimeSpan.FromSeconds(FirstBoundSeconds * Math.Pow(Growth, index));

    /// <summary>
    /// The <paramref name="quantile"/> (0.5 for the median) of the durations counted in <paramref name="counts"/>
    /// (bucket index → count) as its bucket's upper bound; null when nothing was counted.
    /// </summary>
    public static TimeSpan? Percentile(IReadOnlyDictionary<int, long> counts, double quantile)
    {
        var total = counts.Values.Sum();
        if (total <= 0)
        {
            return null;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(quantile * total));
        long seen = 0;
        foreach (var (index, count) in counts.Where(c => c.Value > 0).OrderBy(c => c.Key))
        {
            seen += count;
            if (seen >= rank)
            {
                return UpperBound(index);
            }
        }

        return UpperBound(counts.Keys.Max());
    }
}
