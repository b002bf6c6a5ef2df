using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;
using MongoDB.Driver;
using SmsStatusTracker.Core.Insights;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>
/// The rollup collection's shape: one document per (grain, dimension, value, bucket), its counters in <c>c</c>, kept by
/// <c>$inc</c> upserts. The id is that key spelled out (value last, so no value can imitate another key), which makes
/// two transactions creating the same row collide on _id as a write conflict the driver retries. Minute rows carry
/// <c>x</c>, when a TTL index removes them.
/// </summary>
internal static class MongoInsightRollupDocuments
{
    public const string Collection = "insight_rollups";
    public const string StateCollection = "insight_rollup_state";
    public const string Grain = "g";
    public const string Dimension = "d";
    public const string Value = "v";
    public const string Bucket = "b";
    public const string Counts = "c";
    public const string ExpiresAt = "x";

    public static string Id(InsightRollupKey key) =>
        $"{key.Grain.Key()}|{key.Target.Key}|{key.Bucket.ToUnixTimeMilliseconds():D15}|{key.Target.Value}";

    public static IReadOnlyList<CreateIndexModel<BsonDocument>> Indexes { get; } =
    [
        new(Builders<BsonDocument>.IndexKeys.Ascending(Grain).Ascending(Dimension).Ascending(Value).Ascending(Bucket),
            new CreateIndexOptions { Name = "ix_insight_rollups_key" }),
        new(Builders<BsonDocument>.IndexKeys.Ascending(ExpiresAt),
            new CreateIndexOptions { Name = "ttl_insight_rollups_minutes", ExpireAfter = TimeSpan.Zero }),
    ];

    public static UpdateOneModel<BsonDocument> Upsert(InsightRollupKey key, IReadOnlyDictionary<string, long> delta)
    {
        var update = Builders<BsonDocument>.Update;
        var changes = new List<UpdateDefinition<BsonDocument>>
        {
            update.SetOnInsert(Grain, key.Grain.Key()),
            update.SetOnInsert(Dimension, key.Target.Key),
            update.SetOnInsert(Value, key.Target.Value),
            update.SetOnInsert(Bucket, key.Bucket.UtcDateTime),
        };
        if (key.Grain == InsightGrain.Minute)
        {
            changes.Add(update.SetOnInsert(ExpiresAt, (key.Bucket + InsightGrains.MinuteRetention).UtcDateTime));
        }

        changes.AddRange(delta.Select(c => update.Inc($"{Counts}.{c.Key}", c.Value)));
        return new UpdateOneModel<BsonDocument>(Builders<BsonDocument>.Filter.Eq("_id", Id(key)), update.Combine(changes)) { IsUpsert = true };
    }
}

/// <summary>Where counting messages stored before rollups existed has got to (one document, id "backfill").</summary>
[BsonIgnoreExtraElements]
internal sealed class MongoInsightBackfillState
{
    public const string Key = "backfill";

    [BsonId]
    public string Id { get; set; } = Key;

    [BsonElement("done")]
    public bool Done { get; set; }

    /// <summary>The last message id counted (messages are counted in id order).</summary>
    [BsonElement("cursor")]
    [BsonGuidRepresentation(GuidRepresentation.Standard)]
    public Guid? Cursor { get; set; }

    [BsonElement("owner")]
    public string? Owner { get; set; }

    [BsonElement("leaseUntil")]
    public DateTime? LeaseUntil { get; set; }
}
