using System.Globalization;
using SmsStatusTracker.Core.Alerts;

namespace SmsStatusTracker.Web.Alerts;

/// <summary>How an alert reads to people, on the banner, the Admin page and in email: one wording everywhere.</summary>
public static class AlertText
{
    public static string KindLabel(AlertRuleKind kind) => kind switch
    {
        AlertRuleKind.FailureRate => "Failure rate",
        AlertRuleKind.ErrorCode => "Error code count",
        AlertRuleKind.DeliveryTimeP95 => "p95 time to delivered",
        AlertRuleKind.CallbacksMissing => "Callbacks missing",
        AlertRuleKind.StuckMessages => "Messages stuck",
        _ => kind.ToString(),
    };

    /// <summary>"12.5 % (threshold 10 %, 80 messages)".</summary>
    public static string Numbers(AlertRuleKind kind, AlertMeasurement measurement)
    {
        var unit = kind switch
        {
            AlertRuleKind.FailureRate => " %",
            AlertRuleKind.DeliveryTimeP95 => " s",
            _ => "",
        };
        var value = measurement.Value.ToString("0.##", CultureInfo.InvariantCulture);
        var threshold = measurement.Threshold.ToString("0.##", CultureInfo.InvariantCulture);
        return $"{value}{unit} (threshold {threshold}{unit}, {measurement.Sample.ToString("N0", CultureInfo.InvariantCulture)} messages, " +
               $"{measurement.WindowStart.UtcDateTime:yyyy-MM-dd HH:mm} to {measurement.WindowEnd.UtcDateTime:yyyy-MM-dd HH:mm} UTC)";
    }

    public static string Summary(AlertOccurrence occurrence) =>
        $"{occurrence.RuleName}: {KindLabel(occurrence.Kind)}{(occurrence.ErrorCode is { } code ? $" {code}" : "")} is {Numbers(occurrence.Kind, occurrence.Fired)}";
}
