using MongoDB.Bson;
using MongoDB.Driver;
using SmsStatusTracker.Core.Insights;
using Microsoft.Extensions.Logging;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>
/// Counts the messages stored before rollups existed. It runs inside the store's initialization, before this process
/// writes a message, so every message is either counted here or (stored later) by <see cref="MongoInsightRollups"/>.
/// Replicas starting together take turns: one claims the state document for a minute at a time (renewed with every
/// batch), the others wait until it says done, and a replica that died mid-way is taken over from its last batch.
/// Each batch's upserts and the moved cursor commit in one transaction, so a batch counts once or not at all.
/// A replica of an older version writing meanwhile is not counted; upgrade every replica together.
/// </summary>
internal sealed class MongoInsightRollupsBackfill(IMongoClient client, MongoStoreOptions options, TimeProvider time, ILogger<MongoInsightRollupsBackfill> logger)
    : IInsightRollupsMaintenance
{
    private const int BatchSize = 500;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private static readonly FilterDefinitionBuilder<MongoInsightBackfillState> State = Builders<MongoInsightBackfillState>.Filter;

    private readonly string owner = Guid.NewGuid().ToString("N");
    private readonly IMongoDatabase database = options.Database(client);

    private IMongoCollection<MongoInsightBackfillState> States => database.GetCollection<MongoInsightBackfillState>(MongoInsightRollupDocuments.StateCollection);

    public async Task<long> BackfillAsync(CancellationToken cancellationToken)
    {
        try
        {
            await States.InsertOneAsync(new MongoInsightBackfillState(), cancellationToken: cancellationToken);
        }
        catch (MongoException exception) when (MongoErrors.IsDuplicateKey(exception))
        {
            // Created before: by an earlier start or another replica.
        }

        long counted = 0;
        while (true)
        {
            var state = await States.Find(State.Eq(s => s.Id, MongoInsightBackfillState.Key)).FirstAsync(cancellationToken);
            if (state.Done)
            {
                if (counted > 0)
                {
                    logger.LogInformation("Insights: counted {Count} message(s) stored before rollups existed", counted);
                }

                return counted;
            }

            if (!await ClaimAsync(cancellationToken))
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
                continue;
            }

            try
            {
                counted += await CountBatchAsync(state.Cursor, cancellationToken);
            }
            catch (ClaimLostException)
            {
                // Another replica took over (this one was too slow to renew): it goes on from the last committed batch.
            }
        }
    }

    public async Task<long> RebuildAsync(CancellationToken cancellationToken)
    {
        // Not safe beside live writes on MongoDB (there is no insertion order to split old from new): stop writers first.
        await database.GetCollection<BsonDocument>(MongoInsightRollupDocuments.Collection).DeleteManyAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken);
        await States.DeleteOneAsync(State.Eq(s => s.Id, MongoInsightBackfillState.Key), cancellationToken);
        return await BackfillAsync(cancellationToken);
    }

    /// <summary>Minute rows expire through their TTL index; nothing to do here.</summary>
    public Task<int> PruneAsync(CancellationToken cancellationToken) => Task.FromResult(0);

    private async Task<bool> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var result = await States.UpdateOneAsync(
            State.Eq(s => s.Id, MongoInsightBackfillState.Key) & State.Eq(s => s.Done, false)
            & (State.Eq(s => s.Owner, owner) | State.Eq(s => s.Owner, null) | State.Lt(s => s.LeaseUntil, now)),
            Builders<MongoInsightBackfillState>.Update.Set(s => s.Owner, owner).Set(s => s.LeaseUntil, now + Lease),
            cancellationToken: cancellationToken);
        return result.ModifiedCount == 1;
    }

    private async Task<long> CountBatchAsync(Guid? cursor, CancellationToken cancellationToken)
    {
        var messages = database.GetCollection<MessageDocument>(MongoStoreOptions.MessagesCollection);
        var after = cursor is { } last ? Builders<MessageDocument>.Filter.Gt(d => d.Id, last) : Builders<MessageDocument>.Filter.Empty;
        var batch = await messages.Find(after).Sort(Builders<MessageDocument>.Sort.Ascending(d => d.Id)).Limit(BatchSize).ToListAsync(cancellationToken);
        using var session = await client.StartSessionAsync(cancellationToken: cancellationToken);
        await session.WithTransactionAsync(async (s, ct) =>
        {
            var now = time.GetUtcNow();
            var upserts = InsightRollupChange.Sum(batch.SelectMany(d => InsightRollupChange.Of(new StoredMessageChange(null, MongoDocumentMapper.ToMessage(d)), now)))
                .Select(r => MongoInsightRollupDocuments.Upsert(r.Key, r.Delta))
                .ToList();
            if (upserts.Count > 0)
            {
                await database.GetCollection<BsonDocument>(MongoInsightRollupDocuments.Collection).BulkWriteAsync(s, upserts, cancellationToken: ct);
            }

            var moved = await States.UpdateOneAsync(s,
                State.Eq(x => x.Id, MongoInsightBackfillState.Key) & State.Eq(x => x.Owner, owner) & State.Eq(x => x.Cursor, cursor),
                Builders<MongoInsightBackfillState>.Update
                    .Set(x => x.Cursor, batch.Count > 0 ? batch[^1].Id : cursor)
                    .Set(x => x.Done, batch.Count < BatchSize)
                    .Set(x => x.LeaseUntil, now.UtcDateTime + Lease),
                cancellationToken: ct);
            // Lost the claim to a replica that thought this one dead: its batch would count these again.
            return moved.ModifiedCount == 1 ? 0 : throw new ClaimLostException();
        }, cancellationToken: cancellationToken);
        return batch.Count;
    }

    private sealed class ClaimLostException : Exception;
}
