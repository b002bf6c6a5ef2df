using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;
using MongoDB.Driver;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Sending.Idempotency;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>
/// Idempotency keys in the <c>idempotency_keys</c> collection, unique on (scope, key). A claim is an upsert
/// filtered on "this key, expired": when a live record holds the key the filter matches nothing and the upsert's
/// insert collides with the unique index (duplicate key), which is the refusal; single-document writes are atomic,
/// so of concurrent claims exactly one wins. The indexes (<see cref="MongoIndexes.IdempotencyKeys"/>) are created on first use; the answer is kept as a message
/// document.
/// </summary>
public sealed class MongoIdempotencyStore : IIdempotencyStore
{
    public const string Collection = "idempotency_keys";

    private static readonly FilterDefinitionBuilder<KeyDocument> Filter = Builders<KeyDocument>.Filter;

    private readonly MongoStoreOptions options;
    private readonly IMongoCollection<KeyDocument> keys;
    private readonly MongoIndexGate<KeyDocument> indexes;

    public MongoIdempotencyStore(IMongoClient client, MongoStoreOptions options)
    {
        this.options = options;
        keys = options.Database(client).GetCollection<KeyDocument>(Collection);
        indexes = new(options, keys, MongoIndexes.IdempotencyKeys);
    }

    public Task<IdempotencyClaim> ClaimAsync(IdempotencyRecord record, DateTimeOffset now, CancellationToken cancellationToken) =>
        indexes.RunAsync("claim an idempotency key", async ct =>
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await keys.UpdateOneAsync(
                        ThisKey(record.Scope, record.Key) & Filter.Lte(d => d.ExpiresAt, now.UtcDateTime),
                        Builders<KeyDocument>.Update
                            .Set(d => d.Fingerprint, record.Fingerprint)
                            .Set(d => d.MessageId, record.MessageId)
                            .Set(d => d.CreatedAt, record.CreatedAt.UtcDateTime)
                            .Set(d => d.ExpiresAt, record.ExpiresAt.UtcDateTime)
                            .Unset(d => d.Result),
                        new UpdateOptions { IsUpsert = true },
                        ct);
                    return new IdempotencyClaim(true, record with { Result = null });
                }
                catch (Exception exception) when (MongoErrors.IsDuplicateKey(exception))
                {
                    // Held by a live record: that one answers.
                }

                var held = await keys.Find(ThisKey(record.Scope, record.Key) & Filter.Gt(d => d.ExpiresAt, now.UtcDateTime)).FirstOrDefaultAsync(ct);
                if (held is not null)
                {
                    return new IdempotencyClaim(false, held.ToRecord());
                }

                // Deleted between the two steps (expired and purged elsewhere): claim again.
                if (attempt == 2)
                {
                    throw new StoreUnavailableException($"{options.Description} could not claim an idempotency key: it kept changing.");
                }
            }
        }, cancellationToken);

    public Task CompleteAsync(string scope, string key, Guid messageId, Message result, CancellationToken cancellationToken) =>
        indexes.RunAsync("record an idempotent answer", ct => keys.UpdateOneAsync(
            ThisKey(scope, key) & Filter.Eq(d => d.MessageId, messageId),
            Builders<KeyDocument>.Update.Set(d => d.Result, MongoDocumentMapper.ToDocument(result)),
            cancellationToken: ct), cancellationToken);

    public Task<int> RemoveExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        indexes.RunAsync("delete expired idempotency keys", async ct =>
            (int)(await keys.DeleteManyAsync(Filter.Lte(d => d.ExpiresAt, now.UtcDateTime), ct)).DeletedCount, cancellationToken);

    private static FilterDefinition<KeyDocument> ThisKey(string scope, string key) =>
        Filter.Eq(d => d.Scope, scope) & Filter.Eq(d => d.Key, key);

    [BsonIgnoreExtraElements]
    internal sealed class KeyDocument
    {
        [BsonElement("scope")]
        public string Scope { get; set; } = "";

        [BsonElement("key")]
        public string Key { get; set; } = "";

        [BsonElement("fingerprint")]
        public string Fingerprint { get; set; } = "";

        [BsonElement("messageId")]
        [BsonGuidRepresentation(GuidRepresentation.Standard)]
        public Guid MessageId { get; set; }

        [BsonElement("createdAt")]
        public DateTime CreatedAt { get; set; }

        [BsonElement("expiresAt")]
        public DateTime ExpiresAt { get; set; }

        [BsonElement("result")]
        [BsonIgnoreIfNull]
        public MessageDocument? Result { get; set; }

        public IdempotencyRecord ToRecord() => new(
            Scope,
            Key,
            Fingerprint,
            MessageId,
            new DateTimeOffset(DateTime.SpecifyKind(CreatedAt, DateTimeKind.Utc)),
            new DateTimeOffset(DateTime.SpecifyKind(ExpiresAt, DateTimeKind.Utc)),
            Result is null ? null : MongoDocumentMapper.ToMessage(Result));
    }
}
