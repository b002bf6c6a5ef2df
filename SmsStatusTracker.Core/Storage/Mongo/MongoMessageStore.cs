using MongoDB.Driver;
using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>
/// The shared store for several app instances. Every change is one conditional replace on the message's
/// id and the version it was computed from (optimistic concurrency), so concurrent writers in any process
/// never overwrite each other: the loser re-reads and re-applies its change.
/// </summary>
public sealed partial class MongoMessageStore : IMessageStore
{
    /// <summary>How often <see cref="UpdateAsync"/> re-applies a change after losing to another writer.</summary>
    public const int MaxUpdateAttempts = 20;

    private static readonly FilterDefinitionBuilder<MessageDocument> Filter = Builders<MessageDocument>.Filter;

    private readonly IMongoCollection<MessageDocument> messages;
    private readonly IMongoCollection<ParkedStatusEventDocument> parked;
    private readonly IMongoDatabase database;
    private readonly MongoStoreOptions options;
    private readonly IMongoClient client;
    private readonly IMongoMessageChangeWriter[] changeWriters;

    public MongoMessageStore(IMongoClient client, MongoStoreOptions options, IEnumerable<IMongoMessageChangeWriter>? changeWriters = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        this.client = client;
        this.changeWriters = changeWriters?.ToArray() ?? [];
        database = options.Database(client);
        messages = database.GetCollection<MessageDocument>(MongoStoreOptions.MessagesCollection);
        parked = database.GetCollection<ParkedStatusEventDocument>(MongoStoreOptions.ParkedCollection);
        Description = options.Description;
    }

    public string Description { get; }

    public Task InitializeAsync(CancellationToken cancellationToken) =>
        MongoDeadline.RunUnboundedAsync(options, "create its indexes", async ct =>
        {
            await MongoIndexes.MigrateAsync(messages, MongoIndexes.RetiredMessages, MongoIndexes.Messages, ct);
            await AddMissingSearchGramsAsync(ct);
            await MongoIndexes.MigrateAsync(parked, MongoIndexes.RetiredParked, MongoIndexes.Parked, ct);
            foreach (var changeWriter in changeWriters)
            {
                await changeWriter.InitializeAsync(database, ct);
            }

            return 0;
        }, cancellationToken);

    /// <summary>The SID lookup of callbacks and the details page, on the partial unique SID index.</summary>
    internal static FilterDefinition<MessageDocument> BySid(string sid) => Filter.Eq(d => d.Sid, sid) & MongoIndexes.HasSid;

    /// <summary>Unsettled messages last changed before <paramref name="updatedBefore"/> that reconciliation still tries.</summary>
    internal static FilterDefinition<MessageDocument> Unsettled(DateTimeOffset updatedBefore) =>
        MongoIndexes.IsUnsettled
        & Filter.Eq(d => d.ReconciliationGaveUpAt, null)
        & Filter.Lt(d => d.UpdatedAt, updatedBefore.UtcDateTime);

    internal static SortDefinition<MessageDocument> UnsettledOrder { get; } =
        Builders<MessageDocument>.Sort.Ascending(d => d.UpdatedAt).Ascending(d => d.Id);

    internal static FilterDefinition<ParkedStatusEventDocument> ParkedBySid(string sid) =>
        Builders<ParkedStatusEventDocument>.Filter.Eq(d => d.Sid, sid);

    /// <summary>Arrival order; the id breaks ties between callbacks received in the same millisecond.</summary>
    internal static SortDefinition<ParkedStatusEventDocument> ParkedOrder { get; } =
        Builders<ParkedStatusEventDocument>.Sort.Ascending(d => d.ReceivedAt).Ascending(d => d.Id);

    public Task AddAsync(Message message, CancellationToken cancellationToken) =>
        RunAsync("store the message", async ct =>
        {
            try
            {
                await WithCompanionsAsync(new StoredMessageChange(null, StoredTimes.ToMilliseconds(message)), async session =>
                {
                    if (session is null)
                    {
                        await messages.InsertOneAsync(MongoDocumentMapper.ToDocument(message), cancellationToken: ct);
                    }
                    else
                    {
                        await messages.InsertOneAsync(session, MongoDocumentMapper.ToDocument(message), cancellationToken: ct);
                    }

                    return true;
                }, ct);
            }
            catch (MongoException exception) when (MongoErrors.IsDuplicateKey(exception))
            {
                throw new DuplicateMessageException($"Message {message.Id} or SID {message.Sid} is already stored.", exception);
            }

            return 0;
        }, cancellationToken);

    public Task<Message?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync("read the message", ct => FindOneAsync(Filter.Eq(d => d.Id, id), ct), cancellationToken);

    public Task<Message?> FindBySidAsync(string sid, CancellationToken cancellationToken) =>
        RunAsync("read the message", ct => FindOneAsync(BySid(sid), ct), cancellationToken);

    public Task<Message?> UpdateAsync(Guid id, Func<Message, Message> change, CancellationToken cancellationToken) =>
        UpdateWhereAsync(Filter.Eq(d => d.Id, id), $"Message {id}", change, cancellationToken);

    // Found through the unique SID index; the replace is guarded by id and version exactly as UpdateAsync's.
    public Task<Message?> UpdateBySidAsync(string sid, Func<Message, Message> change, CancellationToken cancellationToken) =>
        UpdateWhereAsync(BySid(sid), $"Message {sid}", change, cancellationToken);

    private Task<Message?> UpdateWhereAsync(FilterDefinition<MessageDocument> find, string name, Func<Message, Message> change, CancellationToken cancellationToken) =>
        RunAsync("update the message", async ct =>
        {
            for (var attempt = 1; attempt <= MaxUpdateAttempts; attempt++)
            {
                var current = await FindOneAsync(find, ct);
                if (current is null)
                {
                    return null;
                }

                if (MessageUpdate.Next(current, change) is not { } next)
                {
                    return current;
                }

                bool replaced;
                try
                {
                    var expected = Filter.Eq(d => d.Id, current.Id) & Filter.Eq(d => d.Version, current.Version);
                    replaced = await WithCompanionsAsync(new StoredMessageChange(current, next), async session =>
                    {
                        var result = session is null
                            ? await messages.ReplaceOneAsync(expected, MongoDocumentMapper.ToDocument(next), cancellationToken: ct)
                            : await messages.ReplaceOneAsync(session, expected, MongoDocumentMapper.ToDocument(next), cancellationToken: ct);
                        return result.MatchedCount == 1;
                    }, ct);
                }
                catch (MongoException exception) when (MongoErrors.IsDuplicateKey(exception))
                {
                    throw new DuplicateMessageException($"SID {next.Sid} already belongs to another message.", exception);
                }

                if (replaced)
                {
                    return next;
                }

                // Another writer stored a newer version since we read: back off a little (jittered, so the
                // losers do not collide again in lockstep), then re-apply the change to what is stored now.
                await Task.Delay(Random.Shared.Next(0, 2 * attempt), ct);
            }

            throw new StoreUnavailableException(
                $"{name} changed under every one of {MaxUpdateAttempts} update attempts; try again later.");
        }, cancellationToken);

    public Task ParkAsync(ParkedStatusEvent parkedEvent, CancellationToken cancellationToken) =>
        RunAsync("park the status event", async ct =>
        {
            try
            {
                await parked.InsertOneAsync(MongoDocumentMapper.ToDocument(parkedEvent), cancellationToken: ct);
            }
            catch (MongoException exception) when (MongoErrors.IsDuplicateKey(exception))
            {
                // Same id already parked (a retried write that did land): keeping it once is the point.
            }

            return 0;
        }, cancellationToken);

    public Task<IReadOnlyList<ParkedStatusEvent>> FindParkedAsync(string sid, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<ParkedStatusEvent>>("read parked status events", async ct =>
        {
            var documents = await parked
                .Find(ParkedBySid(sid))
                .Sort(ParkedOrder)
                .ToListAsync(ct);
            return documents.Select(MongoDocumentMapper.ToParked).ToArray();
        }, cancellationToken);

    public Task RemoveParkedAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        ids.Count == 0 ? Task.CompletedTask : RunAsync("remove parked status events", async ct =>
        {
            await parked.DeleteManyAsync(Builders<ParkedStatusEventDocument>.Filter.In(d => d.Id, ids), ct);
            return 0;
        }, cancellationToken);

    public Task<int> RemoveParkedBeforeAsync(DateTimeOffset receivedBefore, CancellationToken cancellationToken) =>
        RunAsync("remove expired parked status events", async ct =>
        {
            var result = await parked.DeleteManyAsync(
                Builders<ParkedStatusEventDocument>.Filter.Lt(d => d.ReceivedAt, receivedBefore.UtcDateTime),
                ct);
            return (int)Math.Min(result.DeletedCount, int.MaxValue);
        }, cancellationToken);

    public Task<long> CountParkedAsync(CancellationToken cancellationToken) =>
        RunAsync("count parked status events", ct =>
            parked.CountDocumentsAsync(Builders<ParkedStatusEventDocument>.Filter.Empty, cancellationToken: ct), cancellationToken);

    // Same semantics as the SQLite listing: a page is an index walk stopped after one row more than the page (keyset
    // cursor or a bounded skip), and the count stops at the query's limit unless an exact count is asked for.
    public Task<MessagePage> ListAsync(MessageQuery query, CancellationToken cancellationToken)
    {
        if (query.Skip > MessageQuery.MaxSkip)
        {
            throw new ArgumentOutOfRangeException(nameof(query), $"Offset paging stops at {MessageQuery.MaxSkip} rows; continue with a cursor (Before).");
        }

        return RunAsync("list messages", async ct =>
        {
            var documents = await messages.Find(MongoQueryBuilder.WhereWithCursor(query))
                .Sort(MongoQueryBuilder.Order(query))
                .Skip(query.Skip)
                .Limit(query.Take + 1)
                .ToListAsync(ct);
            var more = documents.Count > query.Take;
            var items = documents.Take(query.Take).Select(MongoDocumentMapper.ToMessage).ToList();
            if (query.After is not null && query.Before is null)
            {
                items.Reverse();
            }

            if (MessagePage.HoldsEveryMatch(query, more))
            {
                return MessagePage.Of(query, items, more, items.Count, totalIsExact: true);
            }

            var limit = query.CountUpTo;
            var counted = await messages.CountDocumentsAsync(
                MongoQueryBuilder.Where(query),
                query.ExactCount ? null : new CountOptions { Limit = limit + 1 },
                ct);
            return query.ExactCount || counted <= limit
                ? MessagePage.Of(query, items, more, counted, totalIsExact: true)
                : MessagePage.Of(query, items, more, limit, totalIsExact: false);
        }, cancellationToken);
    }

    private async Task AddMissingSearchGramsAsync(CancellationToken cancellationToken)
    {
        // Documents stored before search grams existed: add them once, a batch at a time.
        var missing = Filter.Exists(d => d.SearchGrams, false);
        while (true)
        {
            var batch = await messages.Find(missing).Limit(1000).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return;
            }

            await messages.BulkWriteAsync(
                batch.Select(d => new UpdateOneModel<MessageDocument>(
                    Filter.Eq(x => x.Id, d.Id),
                    Builders<MessageDocument>.Update.Set(x => x.SearchGrams, SearchGrams.Of(d.Sid, d.To, d.Body)))),
                cancellationToken: cancellationToken);
        }
    }

    public Task<IReadOnlyList<Message>> FindUnsettledAsync(DateTimeOffset updatedBefore, int limit, CancellationToken cancellationToken) =>
        // Mongo reads a limit of 0 as "no limit"; the port means "none".
        limit <= 0 ? Task.FromResult<IReadOnlyList<Message>>([]) : RunAsync<IReadOnlyList<Message>>("find unsettled messages", async ct =>
        {
            var documents = await messages
                .Find(Unsettled(updatedBefore))
                .Sort(UnsettledOrder)
                .Limit(limit)
                .ToListAsync(ct);
            return documents.Select(MongoDocumentMapper.ToMessage).ToArray();
        }, cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken) =>
        RunAsync("answer a ping", async ct =>
        {
            await database.RunCommandAsync<MongoDB.Bson.BsonDocument>(new MongoDB.Bson.BsonDocument("ping", 1), cancellationToken: ct);
            return 0;
        }, cancellationToken);

    /// <summary>
    /// Runs <paramref name="write"/> (given no session) when no companion is registered; otherwise inside a transaction
    /// with every companion's writes for <paramref name="change"/>, which run only when <paramref name="write"/> returned
    /// true. The driver retries the whole transaction on transient transaction errors, so the write must be repeatable.
    /// </summary>
    private async Task<bool> WithCompanionsAsync(StoredMessageChange change, Func<IClientSessionHandle?, Task<bool>> write, CancellationToken cancellationToken)
    {
        if (changeWriters.Length == 0)
        {
            return await write(null);
        }

        using var session = await client.StartSessionAsync(cancellationToken: cancellationToken);
        return await session.WithTransactionAsync(
            async (transaction, ct) =>
            {
                if (!await write(transaction))
                {
                    return false;
                }

                foreach (var changeWriter in changeWriters)
                {
                    await changeWriter.WriteAsync(transaction, database, change, ct);
                }

                return true;
            },
            new TransactionOptions(ReadConcern.Snapshot, ReadPreference.Primary, WriteConcern.WMajority.With(journal: true)),
            cancellationToken);
    }

    private async Task<Message?> FindOneAsync(FilterDefinition<MessageDocument> filter, CancellationToken cancellationToken)
    {
        var document = await messages.Find(filter).Limit(1).FirstOrDefaultAsync(cancellationToken);
        return document is null ? null : MongoDocumentMapper.ToMessage(document);
    }

    private Task<T> RunAsync<T>(string action, Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken) =>
        MongoDeadline.RunAsync(options, action, operation, cancellationToken);
}
