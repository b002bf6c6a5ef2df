namespace SmsStatusTracker.Core.OutboundWebhooks;

/// <summary>
/// The outbound-webhook endpoints, their outbox and their delivery log, in the app's store. Status-change events
/// are not written here but by the store's companion writer, in the message change's own transaction.
/// </summary>
public interface IOutboxStore
{
    Task AddEndpointAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken);

    Task<IReadOnlyList<WebhookEndpoint>> ListEndpointsAsync(CancellationToken cancellationToken);

    Task<WebhookEndpoint?> FindEndpointAsync(string id, CancellationToken cancellationToken);

    /// <summary>Enables (clearing its failure record) or disables an endpoint; false when there is no such endpoint.</summary>
    Task<bool> SetEnabledAsync(string id, bool enabled, string? reason, CancellationToken cancellationToken);

    /// <summary>Removes the endpoint with its outbox events and delivery log.</summary>
    Task DeleteEndpointAsync(string id, CancellationToken cancellationToken);

    /// <summary>Adds events written outside a message change (alerts); an event already there (same id and endpoint) is left alone.</summary>
    Task EnqueueAsync(IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken);

    /// <summary>
    /// Pending events of enabled endpoints due at <paramref name="now"/>, oldest due first, each the earliest pending
    /// one of its endpoint and stream (so at most one per endpoint and stream, and never one overtaking another).
    /// </summary>
    Task<IReadOnlyList<OutboxEvent>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Records <paramref name="attempt"/>: the event becomes <see cref="DeliveryAttempt.Outcome"/> (pending again
    /// until <paramref name="retryAt"/>), the attempt joins the log, and the endpoint's health follows (a success
    /// clears it; a failure starts <see cref="WebhookEndpoint.FailingSince"/>; a given-up event counts one more).
    /// Returns the endpoint as it is now, or null if it was deleted meanwhile.
    /// </summary>
    Task<WebhookEndpoint?> RecordAttemptAsync(OutboxEvent outboxEvent, DeliveryAttempt attempt, DateTimeOffset? retryAt, CancellationToken cancellationToken);

    /// <summary>The endpoint's newest attempts, newest first.</summary>
    Task<IReadOnlyList<DeliveryAttempt>> AttemptsAsync(string endpointId, int limit, CancellationToken cancellationToken);

    /// <summary>How many of the endpoint's events are pending.</summary>
    Task<long> PendingCountAsync(string endpointId, CancellationToken cancellationToken);

    /// <summary>Makes the endpoint's events created at or after <paramref name="since"/> pending and due at <paramref name="now"/> again, with their ids; returns how many.</summary>
    Task<int> ReplayAsync(string endpointId, DateTimeOffset since, DateTimeOffset now, CancellationToken cancellationToken);
}
