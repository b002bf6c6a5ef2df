namespace SmsStatusTracker.Core.Alerts;

/// <summary>
/// When a rule fires and when it resolves. Hysteresis by level: a rule fires when its value is above the threshold
/// (with enough sample) and resolves only once the value is below <see cref="ResolveRatio"/> of the threshold (or zero,
/// or the sample is too small to say), so a value hovering at the threshold does not fire and resolve on every pass.
/// </summary>
public static class AlertCondition
{
    /// <summary>An open alert resolves below this fraction of its threshold.</summary>
    public const double ResolveRatio = 0.8;

    public static bool IsBreached(AlertRule rule, AlertMeasurement measurement) =>
        HasSample(rule, measurement) && measurement.Value > rule.Threshold;

    public static bool IsCleared(AlertRule rule, AlertMeasurement measurement) =>
        !HasSample(rule, measurement) || measurement.Value <= 0 || measurement.Value < rule.Threshold * ResolveRatio;

    private static bool HasSample(AlertRule rule, AlertMeasurement measurement) =>
        measurement.Sample > 0 && (rule.Kind is not (AlertRuleKind.FailureRate or AlertRuleKind.DeliveryTimeP95) || measurement.Sample >= rule.MinimumSample);
}
