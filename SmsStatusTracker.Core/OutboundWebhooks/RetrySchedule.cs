namespace SmsStatusTracker.Core.OutboundWebhooks;

/// <summary>
/// When a failed delivery is tried again: <see cref="OutboundWebhookOptions.FirstRetryDelay"/> after the first
/// failure, four times longer after each next one, capped at <see cref="OutboundWebhookOptions.MaxRetryDelay"/>,
/// ±20 % jitter (so endpoints recovering together are not hit in lockstep). Null when the next try would fall
/// past <see cref="OutboundWebhookOptions.RetryFor"/> after the event's creation: the event has failed.
/// </summary>
public static class RetrySchedule
{
    public static DateTimeOffset? NextAttempt(OutboxEvent outboxEvent, int failedAttempts, DateTimeOffset now, OutboundWebhookOptions options, double jitter)
    {
        var exponent = Math.Min(Math.Max(failedAttempts - 1, 0), 20);
        var delay = options.FirstRetryDelay * Math.Pow(4, exponent);
        if (delay > options.MaxRetryDelay)
        {
            delay = options.MaxRetryDelay;
        }

        delay *= 1 + ((Math.Clamp(jitter, 0, 1) - 0.5) * 0.4);
        var next = now + delay;
        return next > outboxEvent.CreatedAt + options.RetryFor ? null : next;
    }
}
