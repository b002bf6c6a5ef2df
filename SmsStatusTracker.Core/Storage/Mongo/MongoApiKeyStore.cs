using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;
using MongoDB.Driver;
using SmsStatusTracker.Core.ApiKeys;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>API keys in the <c>api_keys</c> collection beside the messages.</summary>
public sealed class MongoApiKeyStore(IMongoClient client, MongoStoreOptions options) : IApiKeyStore
{
    public const string Collection = "api_keys";

    private readonly IMongoCollection<ApiKeyDocument> keys = options.Database(client).GetCollection<ApiKeyDocument>(Collection);

    public Task InitializeAsync(CancellationToken cancellationToken) =>
        MongoDeadline.RunUnboundedAsync(options, "create its API key indexes", async ct =>
        {
            await MongoIndexes.MigrateAsync(keys, MongoIndexes.RetiredApiKeys, MongoIndexes.ApiKeys, ct);
            return 0;
        }, cancellationToken);

    public Task AddAsync(ApiKey key, CancellationToken cancellationToken) =>
        RunAsync("store an API key", async ct =>
        {
            await keys.InsertOneAsync(ApiKeyDocument.From(key), cancellationToken: ct);
            return 0;
        }, cancellationToken);

    public Task<ApiKey?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync("read an API key", async ct =>
            (await keys.Find(d => d.Id == id).FirstOrDefaultAsync(ct))?.ToApiKey(), cancellationToken);

    public Task<IReadOnlyList<ApiKey>> ListAsync(string? userId, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<ApiKey>>("list API keys", async ct =>
        {
            var documents = await keys.Find(Owned(userId)).Sort(NewestFirst).ToListAsync(ct);
            return documents.Select(d => d.ToApiKey()).ToArray();
        }, cancellationToken);

    public Task<bool> RevokeAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken) =>
        RunAsync("revoke an API key", async ct =>
        {
            var found = await keys.UpdateOneAsync(d => d.Id == id, Builders<ApiKeyDocument>.Update.Min(d => d.RevokedAt, at.UtcDateTime), cancellationToken: ct);
            return found.MatchedCount > 0;
        }, cancellationToken);

    public Task RecordUseAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken) =>
        RunAsync("record an API key's use", ct =>
            keys.UpdateOneAsync(d => d.Id == id, Builders<ApiKeyDocument>.Update.Max(d => d.LastUsedAt, at.UtcDateTime), cancellationToken: ct), cancellationToken);

    internal static FilterDefinition<ApiKeyDocument> Owned(string? userId) =>
        userId is null ? Builders<ApiKeyDocument>.Filter.Empty : Builders<ApiKeyDocument>.Filter.Eq(d => d.UserId, userId);

    // The id breaks ties between keys created in the same millisecond, so the list order is stable.
    internal static SortDefinition<ApiKeyDocument> NewestFirst { get; } =
        Builders<ApiKeyDocument>.Sort.Descending(d => d.CreatedAt).Descending(d => d.Id);

    private Task<T> RunAsync<T>(string action, Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken) =>
        MongoDeadline.RunAsync(options, action, operation, cancellationToken);

    // A newer version may add fields during a rolling deploy; this one keeps reading the ones it knows.
    [BsonIgnoreExtraElements]
    internal sealed class ApiKeyDocument
    {
        [BsonId]
        [BsonGuidRepresentation(GuidRepresentation.Standard)]
        public Guid Id { get; set; }

        public string UserId { get; set; } = "";

        public string Name { get; set; } = "";

        public string SecretHash { get; set; } = "";

        public DateTime CreatedAt { get; set; }

        [BsonIgnoreIfNull]
        public DateTime? LastUsedAt { get; set; }

        [BsonIgnoreIfNull]
        public DateTime? RevokedAt { get; set; }

        public static ApiKeyDocument From(ApiKey key) => new()
        {
            Id = key.Id,
            UserId = key.UserId,
            Name = key.Name,
            SecretHash = key.SecretHash,
            CreatedAt = key.CreatedAt.UtcDateTime,
            LastUsedAt = key.LastUsedAt?.UtcDateTime,
            RevokedAt = key.RevokedAt?.UtcDateTime,
        };

        public ApiKey ToApiKey() => new()
        {
            Id = Id,
            UserId = UserId,
            Name = Name,
            SecretHash = SecretHash,
            CreatedAt = Utc(CreatedAt),
            LastUsedAt = LastUsedAt is { } used ? Utc(used) : null,
            RevokedAt = RevokedAt is { } revoked ? Utc(revoked) : null,
        };

        private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
    }
}
