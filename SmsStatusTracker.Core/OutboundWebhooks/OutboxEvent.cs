namespace SmsStatusTracker.Core.OutboundWebhooks;

/// <summary>Where an outbox event stands for its endpoint.</summary>
public enum OutboxEventState
{
    Pending = 0,
    Delivered = 1,

    /// <summary>Given up: a 4xx other than 408/429, or still failing when its retry window ended.</summary>
    Failed = 2,
}

/// <summary>
/// One event for one endpoint, written to the outbox in the same store transaction as the change it describes.
/// <see cref="EventId"/> is the Standard Webhooks <c>webhook-id</c>: the same on every retry and replay, so a
/// receiver deduplicates on it. Events of one <see cref="Stream"/> (a message id, or <see cref="AlertStream"/>)
/// reach an endpoint in <see cref="Sequence"/> order: a later one waits while an earlier one is pending.
/// </summary>
public sealed record OutboxEvent
{
    public const string AlertStream = "alerts";

    public required string EventId { get; init; }

    public required string EndpointId { get; init; }

    public required string Stream { get; init; }

    public required long Sequence { get; init; }

    public required string Type { get; init; }

    /// <summary>The JSON body exactly as it is sent and signed.</summary>
    public required string Payload { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public OutboxEventState State { get; init; } = OutboxEventState.Pending;

    public int Attempts { get; init; }

    public DateTimeOffset NextAttemptAt { get; init; }

    public string? LastError { get; init; }
}
