using MongoDB.Bson;
using MongoDB.Driver;
using SmsStatusTracker.Core.Insights;
using R = SmsStatusTracker.Core.Storage.Mongo.MongoInsightRollupDocuments;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>Reads rollup rows for a window: one range of the (g, d, v, b) index (≤ 720 documents for 30 days of hours).</summary>
internal sealed class MongoInsightRollupRows(IMongoClient client, MongoStoreOptions options) : IInsightRollupRows
{
    private readonly IMongoCollection<BsonDocument> rollups = options.Database(client).GetCollection<BsonDocument>(R.Collection);

    public Task<IReadOnlyList<InsightRollupRow>> ReadAsync(InsightRowRange range, InsightFilter filter, CancellationToken cancellationToken) =>
        MongoDeadline.RunAsync<IReadOnlyList<InsightRollupRow>>(options, "read insights", async ct =>
        {
            var where = Builders<BsonDocument>.Filter;
            var documents = await rollups
                .Find(where.Eq(R.Grain, range.Grain.Key()) & where.Eq(R.Dimension, filter.Key) & where.Eq(R.Value, filter.Value)
                      & where.Gte(R.Bucket, range.From.UtcDateTime) & where.Lt(R.Bucket, range.To.UtcDateTime))
                .Project(Builders<BsonDocument>.Projection.Include(R.Bucket).Include(R.Counts).Exclude("_id"))
                .ToListAsync(ct);
            return documents.Select(ToRow).ToArray();
        }, cancellationToken);

    public static InsightRollupRow ToRow(BsonDocument document)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        if (document.TryGetValue(R.Counts, out var c) && c is BsonDocument values)
        {
            foreach (var element in values)
            {
                counts[element.Name] = element.Value.ToInt64();
            }
        }

        return new InsightRollupRow(new DateTimeOffset(document[R.Bucket].ToUniversalTime(), TimeSpan.Zero), counts);
    }
}
