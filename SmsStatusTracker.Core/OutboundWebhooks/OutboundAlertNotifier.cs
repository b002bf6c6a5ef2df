using System.Text.Json;
using SmsStatusTracker.Core.Alerts;

namespace SmsStatusTracker.Core.OutboundWebhooks;

/// <summary>
/// Sends every alert that fires or resolves to the outbound endpoints subscribed to alerts, as <c>alert.fired</c> or
/// <c>alert.resolved</c> events whose data carries the rule, the numbers that decided it and the matching log link.
/// </summary>
public sealed class OutboundAlertNotifier(OutboundEvents events) : IAlertNotifier
{
    public Task NotifyAsync(AlertNotification notification, CancellationToken cancellationToken) =>
        events.EnqueueAlertAsync(
            notification.Change == AlertChange.Fired ? "fired" : "resolved",
            DataOf(notification),
            cancellationToken);

    internal static JsonElement DataOf(AlertNotification notification)
    {
        var occurrence = notification.Occurrence;
        var measurement = notification.Measurement;
        return JsonSerializer.SerializeToElement(new
        {
            alertId = occurrence.Id,
            ruleId = occurrence.RuleId,
            rule = occurrence.RuleName,
            kind = JsonNamingPolicy.CamelCase.ConvertName(occurrence.Kind.ToString()),
            errorCode = occurrence.ErrorCode,
            firedAt = occurrence.FiredAt,
            resolvedAt = occurrence.ResolvedAt,
            value = measurement?.Value,
            threshold = measurement?.Threshold,
            sample = measurement?.Sample,
            windowStart = measurement?.WindowStart,
            windowEnd = measurement?.WindowEnd,
            log = notification.LogLink,
        });
    }
}
