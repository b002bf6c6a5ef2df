using MongoDB.Bson;
using MongoDB.Driver;
using SmsStatusTracker.Core.Insights;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>
/// Keeps the insights rollups in the same multi-document transaction as every message insert and change: one bulk
/// write of <c>$inc</c> upserts on the store's session. Initialization creates the indexes and, before this process
/// writes anything, counts the messages stored before rollups existed (<see cref="MongoInsightRollupsBackfill"/>).
/// </summary>
internal sealed class MongoInsightRollups(MongoInsightRollupsBackfill backfill, TimeProvider time) : IMongoMessageChangeWriter
{
    public async Task InitializeAsync(IMongoDatabase database, CancellationToken cancellationToken)
    {
        await database.GetCollection<BsonDocument>(MongoInsightRollupDocuments.Collection).Indexes.CreateManyAsync(MongoInsightRollupDocuments.Indexes, cancellationToken);
        await backfill.BackfillAsync(cancellationToken);
    }

    public async Task WriteAsync(IClientSessionHandle session, IMongoDatabase database, StoredMessageChange change, CancellationToken cancellationToken)
    {
        var rows = InsightRollupChange.Of(change, time.GetUtcNow());
        if (rows.Count == 0)
        {
            return;
        }

        await database.GetCollection<BsonDocument>(MongoInsightRollupDocuments.Collection).BulkWriteAsync(
            session,
            rows.Select(r => MongoInsightRollupDocuments.Upsert(r.Key, r.Delta)),
            new BulkWriteOptions { IsOrdered = true },
            cancellationToken);
    }
}
