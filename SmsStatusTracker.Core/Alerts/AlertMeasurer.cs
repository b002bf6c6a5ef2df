namespace SmsStatusTracker.Core.Alerts;

/// <summary>Measures one rule at one moment through <see cref="IAlertMetrics"/>.</summary>
public sealed class AlertMeasurer(IAlertMetrics metrics)
{
    /// <summary>p95 reads at most this many delivery times per pass; a busier window is measured on its newest ones.</summary>
    public const int MaxDeliveryTimes = 200_000;

    public async Task<AlertMeasurement> MeasureAsync(AlertRule rule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = now - rule.Window;
        switch (rule.Kind)
        {
            case AlertRuleKind.FailureRate:
                var (outcomes, failed) = await metrics.CountOutcomesAsync(since, now, cancellationToken);
                return new(outcomes == 0 ? 0 : Math.Round(100.0 * failed / outcomes, 2), rule.Threshold, outcomes, since, now);
            case AlertRuleKind.ErrorCode:
                var errors = await metrics.CountErrorAsync(rule.ErrorCode ?? 0, since, now, cancellationToken);
                return new(errors, rule.Threshold, errors, since, now);
            case AlertRuleKind.DeliveryTimeP95:
                var times = await metrics.DeliveryTimesAsync(since, now, MaxDeliveryTimes, cancellationToken);
                return new(Percentile95Seconds(times), rule.Threshold, times.Count, since, now);
            case AlertRuleKind.CallbacksMissing:
                var acceptedBefore = now - (rule.Age ?? TimeSpan.Zero);
                var missing = await metrics.CountWithoutCallbackAsync(acceptedBefore - rule.Window, acceptedBefore, cancellationToken);
                return new(missing, rule.Threshold, missing, acceptedBefore - rule.Window, acceptedBefore);
            case AlertRuleKind.StuckMessages:
                var changedBefore = now - (rule.Age ?? TimeSpan.Zero);
                var stuck = await metrics.CountStuckAsync(changedBefore, cancellationToken);
                return new(stuck, rule.Threshold, stuck, changedBefore - rule.Window, changedBefore);
            default:
                throw new ArgumentOutOfRangeException(nameof(rule), rule.Kind, "Unknown alert rule kind.");
        }
    }

    /// <summary>Nearest-rank 95th percentile, in seconds with millisecond precision; 0 for no sample.</summary>
    public static double Percentile95Seconds(IReadOnlyList<TimeSpan> times)
    {
        if (times.Count == 0)
        {
            return 0;
        }

        var sorted = times.Order().ToArray();
        var rank = (int)Math.Ceiling(0.95 * sorted.Length) - 1;
        return Math.Round(sorted[Math.Clamp(rank, 0, sorted.Length - 1)].TotalSeconds, 3);
    }
}
