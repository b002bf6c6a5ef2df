using MongoDB.Bson;
using MongoDB.Driver;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>
/// Every index the Mongo stores create, declared once: <c>InitializeAsync</c> creates these, and the tests render
/// each query's filter and sort against the same declarations (a lookup repeats its index's partial condition, a
/// sort is the index order). An index's keys or options cannot change in place (<c>createIndexes</c> fails with
/// IndexOptionsConflict or IndexKeySpecsConflict), so a changed index gets a new name and its old name goes into a
/// <c>Retired</c> list, dropped before the new ones are created.
/// </summary>
internal static class MongoIndexes
{
    private static readonly IndexKeysDefinitionBuilder<MessageDocument> MessageKeys = Builders<MessageDocument>.IndexKeys;
    private static readonly FilterDefinitionBuilder<MessageDocument> MessageFilter = Builders<MessageDocument>.Filter;

    /// <summary>Only string SIDs take part, so any number of not-yet-named messages can coexist. A query uses this
    /// index only when it repeats the condition (the planner does not infer <c>$type</c> from an equality).</summary>
    public static FilterDefinition<MessageDocument> HasSid { get; } = MessageFilter.Type(d => d.Sid, BsonType.String);

    /// <summary>Only resends are indexed; most messages are not one.</summary>
    public static FilterDefinition<MessageDocument> IsResend { get; } = MessageFilter.Type(d => d.ResentFromId, BsonType.Binary);

    /// <summary>Settled messages (most of them) stay out of the reconciler's index.</summary>
    public static FilterDefinition<MessageDocument> IsUnsettled { get; } = MessageFilter.Eq(d => d.IsFinal, false);

    public static IReadOnlyList<CreateIndexModel<MessageDocument>> Messages { get; } =
    [
        new(MessageKeys.Ascending(d => d.Sid), new CreateIndexOptions<MessageDocument>
        {
            Name = "ux_messages_sid",
            Unique = true,
            PartialFilterExpression = HasSid,
        }),
        new(MessageKeys.Descending(d => d.CreatedAt).Descending(d => d.Id), new CreateIndexOptions { Name = "ix_messages_created" }),
        // Given-up messages carry a date in the second key, so the unsettled walk (gaveUpAt = null) never reads them.
        new(MessageKeys.Ascending(d => d.ReconciliationGaveUpAt).Ascending(d => d.UpdatedAt).Ascending(d => d.Id), new CreateIndexOptions<MessageDocument>
        {
            Name = "ix_messages_unsettled_updated_id",
            PartialFilterExpression = IsUnsettled,
        }),
        new(MessageKeys.Ascending(d => d.ResentFromId).Ascending(d => d.CreatedAt).Ascending(d => d.Id), new CreateIndexOptions<MessageDocument>
        {
            Name = "ix_messages_resent_from_created_id",
            PartialFilterExpression = IsResend,
        }),
        // The listing: one index per filter, each ending in (createdAt, _id) so a page is an index walk in sort order.
        new(MessageKeys.Ascending(d => d.Status).Descending(d => d.CreatedAt).Descending(d => d.Id), new CreateIndexOptions { Name = "ix_messages_status_created_id" }),
        new(MessageKeys.Ascending(d => d.To).Descending(d => d.CreatedAt).Descending(d => d.Id), new CreateIndexOptions { Name = "ix_messages_to_created_id" }),
        new(MessageKeys.Ascending(d => d.From).Descending(d => d.CreatedAt).Descending(d => d.Id), new CreateIndexOptions { Name = "ix_messages_from_created_id" }),
        new(MessageKeys.Ascending(d => d.ErrorCode).Descending(d => d.CreatedAt).Descending(d => d.Id), new CreateIndexOptions<MessageDocument>
        {
            Name = "ix_messages_error_created_id",
            PartialFilterExpression = MessageFilter.Exists(d => d.ErrorCode), // implied by errorCode = n, so the planner uses it
        }),
        new(MessageKeys.Ascending(d => d.SearchGrams).Descending(d => d.CreatedAt).Descending(d => d.Id), new CreateIndexOptions { Name = "ix_messages_search_grams" }),
    ];

    /// <summary>Earlier versions' indexes on the messages, replaced above by ones whose sort carries the <c>_id</c> tie-break.</summary>
    public static IReadOnlyList<string> RetiredMessages { get; } =
        ["ix_messages_status_created", "ix_messages_to_created", "ix_messages_unsettled", "ix_messages_resent_from"];

    public static IReadOnlyList<CreateIndexModel<ParkedStatusEventDocument>> Parked { get; } =
    [
        new(Builders<ParkedStatusEventDocument>.IndexKeys.Ascending(d => d.Sid).Ascending(d => d.ReceivedAt).Ascending(d => d.Id),
            new CreateIndexOptions { Name = "ix_parked_sid_received_id" }),
        // For purging by age; not a TTL index, so the purge can count what it removes.
        new(Builders<ParkedStatusEventDocument>.IndexKeys.Ascending(d => d.ReceivedAt), new CreateIndexOptions { Name = "ix_parked_received" }),
    ];

    public static IReadOnlyList<string> RetiredParked { get; } = ["ix_parked_sid"];

    public static IReadOnlyList<CreateIndexModel<MongoApiKeyStore.ApiKeyDocument>> ApiKeys { get; } =
    [
        new(Builders<MongoApiKeyStore.ApiKeyDocument>.IndexKeys.Ascending(d => d.UserId).Descending(d => d.CreatedAt).Descending(d => d.Id),
            new CreateIndexOptions { Name = "ix_api_keys_user_created_id" }),
        new(Builders<MongoApiKeyStore.ApiKeyDocument>.IndexKeys.Descending(d => d.CreatedAt).Descending(d => d.Id),
            new CreateIndexOptions { Name = "ix_api_keys_created_id" }),
    ];

    public static IReadOnlyList<string> RetiredApiKeys { get; } = ["ix_api_keys_user"];

    public static IReadOnlyList<CreateIndexModel<MongoActivityLog.ActivityDocument>> Activity { get; } =
    [
        new(Builders<MongoActivityLog.ActivityDocument>.IndexKeys.Descending(d => d.At).Descending(d => d.Id), new CreateIndexOptions { Name = "ix_activity_at" }),
        new(Builders<MongoActivityLog.ActivityDocument>.IndexKeys.Ascending(d => d.Kind).Descending(d => d.At).Descending(d => d.Id), new CreateIndexOptions { Name = "ix_activity_kind" }),
    ];

    public static IReadOnlyList<CreateIndexModel<MongoIdempotencyStore.KeyDocument>> IdempotencyKeys { get; } =
    [
        // Unique: a claim's upsert colliding with a live key is the refusal.
        new(Builders<MongoIdempotencyStore.KeyDocument>.IndexKeys.Ascending(d => d.Scope).Ascending(d => d.Key),
            new CreateIndexOptions { Name = "ux_idempotency_keys_scope_key", Unique = true }),
        new(Builders<MongoIdempotencyStore.KeyDocument>.IndexKeys.Ascending(d => d.ExpiresAt), new CreateIndexOptions { Name = "ix_idempotency_keys_expires" }),
    ];

    public static IReadOnlyList<CreateIndexModel<MongoInboundMessageStore.InboundDocument>> InboundMessages { get; } =
    [
        // Unique and not partial: a retried webhook's insert fails as a duplicate, and every SID lookup can use it as is.
        new(Builders<MongoInboundMessageStore.InboundDocument>.IndexKeys.Ascending(d => d.Sid), new CreateIndexOptions { Unique = true, Name = "ux_sid" }),
        new(Builders<MongoInboundMessageStore.InboundDocument>.IndexKeys.Ascending(d => d.From).Descending(d => d.ReceivedAt).Descending(d => d.Sid),
            new CreateIndexOptions { Name = "ix_inbound_from_received_sid" }),
    ];

    public static IReadOnlyList<string> RetiredInboundMessages { get; } = ["ix_from_received"];

    public static IReadOnlyList<CreateIndexModel<MongoOptOutStore.EntryDocument>> OptOutEntries { get; } =
    [
        new(Builders<MongoOptOutStore.EntryDocument>.IndexKeys.Ascending(d => d.Number).Ascending(d => d.At).Ascending(d => d.Id),
            new CreateIndexOptions { Name = "ix_opt_out_entries_number_at_id" }),
    ];

    public static IReadOnlyList<string> RetiredOptOutEntries { get; } = ["ix_number_at"];

    /// <summary>One open occurrence per rule (the evaluator's "fire once"), and the newest first for the Admin page.</summary>
    public static IReadOnlyList<CreateIndexModel<AlertOccurrenceDocument>> AlertOccurrences { get; } =
    [
        new(Builders<AlertOccurrenceDocument>.IndexKeys.Ascending(d => d.RuleId), new CreateIndexOptions<AlertOccurrenceDocument>
        {
            Name = "ux_alert_occurrences_open_rule",
            Unique = true,
            PartialFilterExpression = Builders<AlertOccurrenceDocument>.Filter.Eq(d => d.Open, true),
        }),
        new(Builders<AlertOccurrenceDocument>.IndexKeys.Descending(d => d.FiredAt), new CreateIndexOptions { Name = "ix_alert_occurrences_fired" }),
    ];

    /// <summary>Drops <paramref name="retired"/> (absent ones are fine), then creates <paramref name="indexes"/>.</summary>
    public static async Task MigrateAsync<T>(
        IMongoCollection<T> collection,
        IReadOnlyList<string> retired,
        IReadOnlyList<CreateIndexModel<T>> indexes,
        CancellationToken cancellationToken)
    {
        foreach (var name in retired)
        {
            try
            {
                await collection.Indexes.DropOneAsync(name, cancellationToken);
            }
            catch (MongoCommandException exception) when (exception.Code is IndexNotFound or NamespaceNotFound)
            {
                // A new database, or already migrated.
            }
        }

        await collection.Indexes.CreateManyAsync(indexes, cancellationToken);
    }

    private const int NamespaceNotFound = 26;
    private const int IndexNotFound = 27;
}
