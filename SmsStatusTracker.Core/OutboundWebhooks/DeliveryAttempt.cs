namespace SmsStatusTracker.Core.OutboundWebhooks;

/// <summary>
/// One try at delivering an event, for the endpoint's delivery log. <see cref="StatusCode"/> is null when no
/// response came (timeout, refused connection, blocked address); <see cref="Error"/> is short and never holds a secret.
/// </summary>
public sealed record DeliveryAttempt(
    string EndpointId,
    string EventId,
    string EventType,
    DateTimeOffset AttemptedAt,
    OutboxEventState Outcome,
    int? StatusCode,
    int LatencyMilliseconds,
    string? Error)
{
    public const int MaxErrorLength = 300;

    public bool Succeeded => Outcome == OutboxEventState.Delivered;

    public static string? Truncate(string? error) =>
        error is null || error.Length <= MaxErrorLength ? error : error[..MaxErrorLength] + "…";
}
