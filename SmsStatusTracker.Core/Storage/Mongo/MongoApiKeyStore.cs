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
        RunAsync("create its API key indexes", () => keys.Indexes.CreateOneAsync(
            new CreateIndexModel<ApiKeyDocument>(
                Builders<ApiKeyDocument>.IndexKeys.Ascending(d => d.UserId).Descending(d => d.CreatedAt),
                new CreateIndexOptions { Name = "ix_api_keys_user" }),
            cancellationToken: cancellationToken));

    public Task AddAsync(ApiKey key, CancellationToken cancellationToken) =>
        RunAsync("store an API key", async () =>
        {
            await keys.InsertOneAsync(ApiKeyDocument.From(key), cancellationToken: cancellationToken);
            return 0;
        });

    public Task<ApiKey?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync("read an API key", async () =>
            (await keys.Find(d => d.Id == id).FirstOrDefaultAsync(cancellationToken))?.ToApiKey());

    public Task<IReadOnlyList<ApiKey>> ListAsync(string? userId, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<ApiKey>>("list API keys", async () =>
        {
            var filter = userId is null ? Builders<ApiKeyDocument>.Filter.Empty : Builders<ApiKeyDocument>.Filter.Eq(d => d.UserId, userId);
            var documents = await keys.Find(filter).SortByDescending(d => d.CreatedAt).ToListAsync(cancellationToken);
            return documents.Select(d => d.ToApiKey()).ToArray();
        });

    public Task<bool> RevokeAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken) =>
        RunAsync("revoke an API key", async () =>
        {
            var found = await keys.UpdateOneAsync(d => d.Id == id, Builders<ApiKeyDocument>.Update.Min(d => d.RevokedAt, at.UtcDateTime), cancellationToken: cancellationToken);
            return found.MatchedCount > 0;
        });

    public Task RecordUseAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken) =>
        RunAsync("record an API key's use", () =>
            keys.UpdateOneAsync(d => d.Id == id, Builders<ApiKeyDocument>.Update.Max(d => d.LastUsedAt, at.UtcDateTime), cancellationToken: cancellationToken));

    private async Task<T> RunAsync<T>(string action, Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (Exception exception) when (MongoErrors.IsUnavailable(exception))
        {
            throw new StoreUnavailableException($"{options.Description} could not {action} ({exception.GetType().Name}).", exception);
        }
    }

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
