using MongoDB.Bson.Serialization.Attributes;
using MongoDB.Driver;
using SmsStatusTracker.Core.Coordination;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>
/// Leases in the <c>leases</c> collection, one document per name. Acquiring is an upsert filtered on "mine or
/// expired": when another owner holds it, the filter matches nothing and the upsert's insert collides with the
/// existing <c>_id</c> (duplicate key), which is the refusal. Single-document writes are atomic, so two replicas
/// cannot both win.
/// </summary>
public sealed class MongoLeaseStore(IMongoClient client, MongoStoreOptions options) : ILeaseStore
{
    public const string Collection = "leases";

    private readonly IMongoCollection<LeaseDocument> leases = options.Database(client).GetCollection<LeaseDocument>(Collection);

    public Task<bool> TryAcquireAsync(string name, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken) =>
        MongoDeadline.RunAsync(options, "write a lease", async ct =>
        {
            var filter = Builders<LeaseDocument>.Filter;
            try
            {
                await leases.UpdateOneAsync(
                    filter.Eq(d => d.Id, name) & (filter.Eq(d => d.Owner, owner) | filter.Lte(d => d.ExpiresAt, now.UtcDateTime)),
                    Builders<LeaseDocument>.Update.Set(d => d.Owner, owner).Set(d => d.ExpiresAt, until.UtcDateTime),
                    new UpdateOptions { IsUpsert = true },
                    ct);
                return true;
            }
            catch (Exception exception) when (MongoErrors.IsDuplicateKey(exception))
            {
                return false;
            }
        }, cancellationToken);

    public Task ReleaseAsync(string name, string owner, CancellationToken cancellationToken) =>
        MongoDeadline.RunAsync(options, "release a lease", ct =>
            leases.UpdateOneAsync(
                d => d.Id == name && d.Owner == owner,
                Builders<LeaseDocument>.Update.Set(d => d.ExpiresAt, DateTime.UnixEpoch),
                cancellationToken: ct), cancellationToken);

    [BsonIgnoreExtraElements]
    internal sealed class LeaseDocument
    {
        [BsonId]
        public string Id { get; set; } = "";

        [BsonElement("owner")]
        public string Owner { get; set; } = "";

        [BsonElement("expiresAt")]
        public DateTime ExpiresAt { get; set; }
    }
}
