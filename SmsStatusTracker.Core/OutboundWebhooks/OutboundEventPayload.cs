using System.Globalization;
using System.Text.Json;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;

namespace SmsStatusTracker.Core.OutboundWebhooks;

/// <summary>
/// The bodies of outbound events, in the Standard Webhooks shape <c>{"type", "timestamp", "data"}</c>. A status
/// change's <c>data</c> uses the REST API's message vocabulary (camelCase, wire status names, ISO-8601 UTC times;
/// see <c>MessageResponse</c>) without the history, plus <c>previousStatus</c> and <c>version</c>: it is built from
/// the stored version the change wrote, so it describes that change, not a later state.
/// </summary>
public static class OutboundEventPayload
{
    public const string StatusChangedType = "message.status_changed";
    public const string AlertTypePrefix = "alert.";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The event id of a change: the same for every endpoint and on every retry or replay, and for a repeated write of the same version.</summary>
    public static string EventIdOf(Message after) => $"evt_{after.Id:N}_{after.Version.ToString(CultureInfo.InvariantCulture)}";

    public static string StatusChanged(StoredMessageChange change)
    {
        var message = change.After;
        return JsonSerializer.Serialize(
            new
            {
                type = StatusChangedType,
                timestamp = message.UpdatedAt.UtcDateTime,
                data = new
                {
                    id = message.Id,
                    sid = message.Sid,
                    to = message.To,
                    from = message.From,
                    body = message.Body,
                    status = DisplayedStatus.WireName(message),
                    previousStatus = change.Before is { } before ? DisplayedStatus.WireName(before) : null,
                    errorCode = message.ErrorCode,
                    errorMessage = message.ErrorMessage,
                    segments = message.Segments,
                    encoding = message.Encoding == SmsEncoding.Gsm7 ? "GSM-7" : "UCS-2",
                    sentBy = message.SentBy,
                    createdAt = message.CreatedAt.UtcDateTime,
                    updatedAt = message.UpdatedAt.UtcDateTime,
                    sentAt = message.SentAt?.UtcDateTime,
                    deliveredAt = message.DeliveredAt?.UtcDateTime,
                    resentFromId = message.ResentFromId,
                    version = message.Version,
                },
            },
            Json);
    }

    public static string Alert(string type, DateTimeOffset at, JsonElement data) =>
        JsonSerializer.Serialize(new { type, timestamp = at.UtcDateTime, data }, Json);

    /// <summary>The outbox rows of a change, one per endpoint that wants it (for stores that fan out in code).</summary>
    public static IEnumerable<OutboxEvent> ForChange(StoredMessageChange change, IEnumerable<WebhookEndpoint> endpoints)
    {
        if (!change.StatusChanged)
        {
            yield break;
        }

        string? payload = null;
        foreach (var endpoint in endpoints.Where(e => e.Enabled && e.Wants(WebhookSubscription.StatusChanges, change.After.IsFinal)))
        {
            payload ??= StatusChanged(change);
            yield return new OutboxEvent
            {
                EventId = EventIdOf(change.After),
                EndpointId = endpoint.Id,
                Stream = change.After.Id.ToString("N"),
                Sequence = change.After.Version,
                Type = StatusChangedType,
                Payload = payload,
                CreatedAt = change.After.UpdatedAt,
                NextAttemptAt = DateTimeOffset.UnixEpoch,
            };
        }
    }
}
