using SmsStatusTracker.Core.Storage;

namespace SmsStatusTracker.Core.Alerts;

/// <summary>
/// What every <see cref="IAlertNotifier"/> is told when an alert fires or resolves: the rule (as it was when the change
/// was decided; null when it was deleted), the occurrence with its numbers, when, and where the matching messages are
/// in the log (<paramref name="LogQuery"/>, and <paramref name="LogLink"/> as an absolute URL).
/// </summary>
public sealed record AlertNotification(
    AlertRule? Rule,
    AlertChange Change,
    AlertOccurrence Occurrence,
    DateTimeOffset At,
    MessageQuery LogQuery,
    string LogLink)
{
    /// <summary>The numbers that decided the change (the firing or the resolving measurement).</summary>
    public AlertMeasurement? Measurement => Change == AlertChange.Fired ? Occurrence.Fired : Occurrence.Resolved;
}
