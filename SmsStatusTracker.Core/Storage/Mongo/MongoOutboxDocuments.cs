using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;
using MongoDB.Driver;
using SmsStatusTracker.Core.OutboundWebhooks;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>The outbound-webhook collections: endpoints, the outbox (one document per event and endpoint) and the delivery log.</summary>
internal static class MongoOutboxDocuments
{
    public const string Endpoints = "webhook_endpoints";
    public const string Events = "outbox_events";
    public const string Attempts = "webhook_attempts";

    public static IMongoCollection<EndpointDocument> EndpointCollection(IMongoDatabase database) => database.GetCollection<EndpointDocument>(Endpoints);

    public static IMongoCollection<EventDocument> EventCollection(IMongoDatabase database) => database.GetCollection<EventDocument>(Events);

    public static IMongoCollection<AttemptDocument> AttemptCollection(IMongoDatabase database) => database.GetCollection<AttemptDocument>(Attempts);

    public static async Task CreateIndexesAsync(IMongoDatabase database, CancellationToken cancellationToken)
    {
        var events = Builders<EventDocument>.IndexKeys;
        await EventCollection(database).Indexes.CreateManyAsync(
        [
            new CreateIndexModel<EventDocument>(events.Ascending(d => d.State).Ascending(d => d.NextAttemptAt), new CreateIndexOptions { Name = "ix_outbox_due" }),
            new CreateIndexModel<EventDocument>(events.Ascending(d => d.EndpointId).Ascending(d => d.Stream).Ascending(d => d.State).Ascending(d => d.Sequence), new CreateIndexOptions { Name = "ix_outbox_stream" }),
            new CreateIndexModel<EventDocument>(events.Ascending(d => d.EndpointId).Ascending(d => d.CreatedAt), new CreateIndexOptions { Name = "ix_outbox_created" }),
        ], cancellationToken);
        await AttemptCollection(database).Indexes.CreateOneAsync(
            new CreateIndexModel<AttemptDocument>(Builders<AttemptDocument>.IndexKeys.Ascending(d => d.EndpointId).Descending(d => d.Id), new CreateIndexOptions { Name = "ix_attempts_endpoint" }),
            cancellationToken: cancellationToken);
    }

    /// <summary>Inserts the event unless it is already there (same endpoint and id): a repeated write leaves a delivered event delivered.</summary>
    public static UpdateOneModel<EventDocument> InsertIfAbsent(OutboxEvent e)
    {
        var update = Builders<EventDocument>.Update
            .SetOnInsert(d => d.EndpointId, e.EndpointId)
            .SetOnInsert(d => d.EventId, e.EventId)
            .SetOnInsert(d => d.Stream, e.Stream)
            .SetOnInsert(d => d.Sequence, e.Sequence)
            .SetOnInsert(d => d.Type, e.Type)
            .SetOnInsert(d => d.Payload, e.Payload)
            .SetOnInsert(d => d.CreatedAt, e.CreatedAt.UtcDateTime)
            .SetOnInsert(d => d.State, (int)OutboxEventState.Pending)
            .SetOnInsert(d => d.Attempts, 0)
            .SetOnInsert(d => d.NextAttemptAt, e.NextAttemptAt.UtcDateTime);
        return new UpdateOneModel<EventDocument>(Builders<EventDocument>.Filter.Eq(d => d.Id, KeyOf(e.EndpointId, e.EventId)), update) { IsUpsert = true };
    }

    public static string KeyOf(string endpointId, string eventId) => $"{endpointId}/{eventId}";

    public static WebhookEndpoint ToEndpoint(EndpointDocument d) => new()
    {
        Id = d.Id,
        Url = d.Url,
        Subscription = (WebhookSubscription)d.Subscription,
        Enabled = d.Enabled,
        ProtectedSecret = d.ProtectedSecret,
        CreatedAt = new DateTimeOffset(d.CreatedAt, TimeSpan.Zero),
        CreatedBy = d.CreatedBy,
        DisabledReason = d.DisabledReason,
        FailingSince = d.FailingSince is { } since ? new DateTimeOffset(since, TimeSpan.Zero) : null,
        ConsecutiveFailedEvents = d.ConsecutiveFailed,
    };

    public static OutboxEvent ToEvent(EventDocument d) => new()
    {
        EndpointId = d.EndpointId,
        EventId = d.EventId,
        Stream = d.Stream,
        Sequence = d.Sequence,
        Type = d.Type,
        Payload = d.Payload,
        CreatedAt = new DateTimeOffset(d.CreatedAt, TimeSpan.Zero),
        State = (OutboxEventState)d.State,
        Attempts = d.Attempts,
        NextAttemptAt = new DateTimeOffset(d.NextAttemptAt, TimeSpan.Zero),
        LastError = d.LastError,
    };

    [BsonIgnoreExtraElements]
    internal sealed class EndpointDocument
    {
        [BsonId] public string Id { get; set; } = "";
        [BsonElement("url")] public string Url { get; set; } = "";
        [BsonElement("subscription")] public int Subscription { get; set; }
        [BsonElement("enabled")] public bool Enabled { get; set; }
        [BsonElement("protectedSecret")] public string ProtectedSecret { get; set; } = "";
        [BsonElement("createdAt"), BsonDateTimeOptions(Kind = DateTimeKind.Utc)] public DateTime CreatedAt { get; set; }
        [BsonElement("createdBy")] public string CreatedBy { get; set; } = "";
        [BsonElement("disabledReason")] public string? DisabledReason { get; set; }
        [BsonElement("failingSince"), BsonDateTimeOptions(Kind = DateTimeKind.Utc)] public DateTime? FailingSince { get; set; }
        [BsonElement("consecutiveFailed")] public int ConsecutiveFailed { get; set; }
    }

    [BsonIgnoreExtraElements]
    internal sealed class EventDocument
    {
        [BsonId] public string Id { get; set; } = "";
        [BsonElement("endpointId")] public string EndpointId { get; set; } = "";
        [BsonElement("eventId")] public string EventId { get; set; } = "";
        [BsonElement("stream")] public string Stream { get; set; } = "";
        [BsonElement("sequence")] public long Sequence { get; set; }
        [BsonElement("type")] public string Type { get; set; } = "";
        [BsonElement("payload")] public string Payload { get; set; } = "";
        [BsonElement("createdAt"), BsonDateTimeOptions(Kind = DateTimeKind.Utc)] public DateTime CreatedAt { get; set; }
        [BsonElement("state")] public int State { get; set; }
        [BsonElement("attempts")] public int Attempts { get; set; }
        [BsonElement("nextAttemptAt"), BsonDateTimeOptions(Kind = DateTimeKind.Utc)] public DateTime NextAttemptAt { get; set; }
        [BsonElement("lastError")] public string? LastError { get; set; }
    }

    [BsonIgnoreExtraElements]
    internal sealed class AttemptDocument
    {
        [BsonId] public ObjectId Id { get; set; }
        [BsonElement("endpointId")] public string EndpointId { get; set; } = "";
        [BsonElement("eventId")] public string EventId { get; set; } = "";
        [BsonElement("eventType")] public string EventType { get; set; } = "";
        [BsonElement("attemptedAt"), BsonDateTimeOptions(Kind = DateTimeKind.Utc)] public DateTime AttemptedAt { get; set; }
        [BsonElement("outcome")] public int Outcome { get; set; }
        [BsonElement("statusCode")] public int? StatusCode { get; set; }
        [BsonElement("latencyMs")] public int LatencyMs { get; set; }
        [BsonElement("error")] public string? Error { get; set; }
    }
}
