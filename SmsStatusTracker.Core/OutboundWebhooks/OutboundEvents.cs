using System.Text.Json;

namespace SmsStatusTracker.Core.OutboundWebhooks;

/// <summary>
/// Publishes events that are not message changes (alerts) to the endpoints subscribed to them: one durable outbox
/// row per enabled alert subscriber, delivered by the dispatcher like any other event. Alerts reach an endpoint in
/// the order they were published.
/// </summary>
public sealed class OutboundEvents(IOutboxStore store, TimeProvider time)
{
    /// <summary>
    /// Writes an <c>alert.{alertType}</c> event (e.g. <c>alert.fired</c>, <c>alert.resolved</c>) whose <c>data</c> is
    /// <paramref name="data"/>; returns its id (the <c>webhook-id</c>), or null when no endpoint wants alerts.
    /// </summary>
    public async Task<string?> EnqueueAlertAsync(string alertType, JsonElement data, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(alertType);
        var subscribers = (await store.ListEndpointsAsync(cancellationToken))
            .Where(e => e.Enabled && e.Wants(WebhookSubscription.Alerts, final: false))
            .ToList();
        if (subscribers.Count == 0)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var type = OutboundEventPayload.AlertTypePrefix + alertType;
        var id = $"evt_{Guid.CreateVersion7(now):N}";
        var payload = OutboundEventPayload.Alert(type, now, data);
        await store.EnqueueAsync(
            subscribers.Select(endpoint => new OutboxEvent
            {
                EventId = id,
                EndpointId = endpoint.Id,
                Stream = OutboxEvent.AlertStream,
                Sequence = now.UtcTicks,
                Type = type,
                Payload = payload,
                CreatedAt = now,
                NextAttemptAt = now,
            }).ToList(),
            cancellationToken);
        return id;
    }

    /// <inheritdoc cref="EnqueueAlertAsync(string, JsonElement, CancellationToken)"/>
    public Task<string?> EnqueueAlertAsync(string alertType, object data, CancellationToken cancellationToken) =>
        EnqueueAlertAsync(alertType, JsonSerializer.SerializeToElement(data, new JsonSerializerOptions(JsonSerializerDefaults.Web)), cancellationToken);
}
