using SmsStatusTracker.Core.OutboundWebhooks;

namespace SmsStatusTracker.Web.OutboundWebhooks;

/// <summary>What one HTTP delivery came to: 2xx delivered; 4xx other than 408 and 429 failed for good; anything else retried.</summary>
public sealed record DeliveryResult(int? StatusCode, int LatencyMilliseconds, string? Error)
{
    public OutboxEventState Classify() => StatusCode switch
    {
        >= 200 and < 300 => OutboxEventState.Delivered,
        408 or 429 => OutboxEventState.Pending,
        >= 400 and < 500 => OutboxEventState.Failed,
        _ => OutboxEventState.Pending,
    };
}
