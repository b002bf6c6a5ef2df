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

    public MongoMessageStore(IMongoClient client, MongoStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        database = options.Database(client);
        messages = database.GetCollection<MessageDocument>(MongoStoreOptions.MessagesCollection);
        parked = database.GetCollection<ParkedStatusEventDocument>(MongoStoreOptions.ParkedCollection);
        Description = options.Description;
    }

    public string Description { get; }

    public Task InitializeAsync(CancellationToken cancellationToken) =>
        RunAsync("create its indexes", async () =>
        {
            var keys = Builders<MessageDocument>.IndexKeys;
            await messages.Indexes.CreateManyAsync(
            [
                new(keys.Ascending(d => d.Sid), new CreateIndexOptions<MessageDocument>
                {
                    Name = "ux_messages_sid",
                    Unique = true,
                    // Only string SIDs take part, so any number of not-yet-named messages can coexist.
                    PartialFilterExpression = Filter.Type(d => d.Sid, MongoDB.Bson.BsonType.String),
                }),
                new(keys.Descending(d => d.CreatedAt).Descending(d => d.Id), new CreateIndexOptions { Name = "ix_messages_created" }),
                new(keys.Ascending(d => d.IsFinal).Ascending(d => d.UpdatedAt), new CreateIndexOptions { Name = "ix_messages_unsettled" }),
                ResendsIndex(keys),
            ], cancellationToken);
            await CreateListingIndexesAsync(cancellationToken);

            var parkedKeys = Builders<ParkedStatusEventDocument>.IndexKeys;
            await parked.Indexes.CreateManyAsync(
            [
                new(parkedKeys.Ascending(d => d.Sid).Ascending(d => d.ReceivedAt), new CreateIndexOptions { Name = "ix_parked_sid" }),
                // For purging by age; not a TTL index, so the purge can count what it removes.
                new(parkedKeys.Ascending(d => d.ReceivedAt), new CreateIndexOptions { Name = "ix_parked_received" }),
            ], cancellationToken);
            return 0;
        });

    public Task AddAsync(Message message, CancellationToken cancellationToken) =>
        RunAsync("store the message", async () =>
        {
            try
            {
                await messages.InsertOneAsync(MongoDocumentMapper.ToDocument(message), cancellationToken: cancellationToken);
            }
            catch (MongoException exception) when (MongoErrors.IsDuplicateKey(exception))
            {
                throw new DuplicateMessageException($"Message {message.Id} or SID {message.Sid} is already stored.", exception);
            }

            return 0;
        });

    public Task<Message?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync("read the message", () => FindOneAsync(Filter.Eq(d => d.Id, id), cancellationToken));

    public Task<Message?> FindBySidAsync(string sid, CancellationToken cancellationToken) =>
        RunAsync("read the message", () => FindOneAsync(Filter.Eq(d => d.Sid, sid), cancellationToken));

    public Task<Message?> UpdateAsync(Guid id, Func<Message, Message> change, CancellationToken cancellationToken) =>
        UpdateWhereAsync(Filter.Eq(d => d.Id, id), $"Message {id}", change, cancellationToken);

    // Found through the unique SID index; the replace is guarded by id and version exactly as UpdateAsync's.
    public Task<Message?> UpdateBySidAsync(string sid, Func<Message, Message> change, CancellationToken cancellationToken) =>
        UpdateWhereAsync(Filter.Eq(d => d.Sid, sid), $"Message {sid}", change, cancellationToken);

    private Task<Message?> UpdateWhereAsync(FilterDefinition<MessageDocument> find, string name, Func<Message, Message> change, CancellationToken cancellationToken) =>
        RunAsync("update the message", async () =>
        {
            for (var attempt = 1; attempt <= MaxUpdateAttempts; attempt++)
            {
                var current = await FindOneAsync(find, cancellationToken);
                if (current is null)
                {
                    return null;
                }

                if (MessageUpdate.Next(current, change) is not { } next)
                {
                    return current;
                }

                ReplaceOneResult result;
                try
                {
                    result = await messages.ReplaceOneAsync(
                        Filter.Eq(d => d.Id, current.Id) & Filter.Eq(d => d.Version, current.Version),
                        MongoDocumentMapper.ToDocument(next),
                        cancellationToken: cancellationToken);
                }
                catch (MongoException exception) when (MongoErrors.IsDuplicateKey(exception))
                {
                    throw new DuplicateMessageException($"SID {next.Sid} already belongs to another message.", exception);
                }

                if (result.MatchedCount == 1)
                {
                    return next;
                }

                // Another writer stored a newer version since we read: back off a little (jittered, so the
                // losers do not collide again in lockstep), then re-apply the change to what is stored now.
                await Task.Delay(Random.Shared.Next(0, 2 * attempt), cancellationToken);
            }

            throw new StoreUnavailableException(
                $"{name} changed under every one of {MaxUpdateAttempts} update attempts; try again later.");
        });

    public Task ParkAsync(ParkedStatusEvent parkedEvent, CancellationToken cancellationToken) =>
        RunAsync("park the status event", async () =>
        {
            try
            {
                await parked.InsertOneAsync(MongoDocumentMapper.ToDocument(parkedEvent), cancellationToken: cancellationToken);
            }
            catch (MongoException exception) when (MongoErrors.IsDuplicateKey(exception))
            {
                // Same id already parked (a retried write that did land): keeping it once is the point.
            }

            return 0;
        });

    public Task<IReadOnlyList<ParkedStatusEvent>> FindParkedAsync(string sid, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<ParkedStatusEvent>>("read parked status events", async () =>
        {
            var documents = await parked
                .Find(Builders<ParkedStatusEventDocument>.Filter.Eq(d => d.Sid, sid))
                .Sort(Builders<ParkedStatusEventDocument>.Sort.Ascending(d => d.ReceivedAt))
                .ToListAsync(cancellationToken);
            return documents.Select(MongoDocumentMapper.ToParked).ToArray();
        });

    public Task RemoveParkedAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        ids.Count == 0 ? Task.CompletedTask : RunAsync("remove parked status events", async () =>
        {
            await parked.DeleteManyAsync(Builders<ParkedStatusEventDocument>.Filter.In(d => d.Id, ids), cancellationToken);
            return 0;
        });

    public Task<int> RemoveParkedBeforeAsync(DateTimeOffset receivedBefore, CancellationToken cancellationToken) =>
        RunAsync("remove expired parked status events", async () =>
        {
            var result = await parked.DeleteManyAsync(
                Builders<ParkedStatusEventDocument>.Filter.Lt(d => d.ReceivedAt, receivedBefore.UtcDateTime),
                cancellationToken);
            return (int)Math.Min(result.DeletedCount, int.MaxValue);
        });

    public Task<long> CountParkedAsync(CancellationToken cancellationToken) =>
        RunAsync("count parked status events", () =>
            parked.CountDocumentsAsync(Builders<ParkedStatusEventDocument>.Filter.Empty, cancellationToken: cancellationToken));

    // Same semantics as the SQLite listing: a page is an index walk stopped after one row more than the page (keyset
    // cursor or a bounded skip), and the count stops at the query's limit unless an exact count is asked for.
    public Task<MessagePage> ListAsync(MessageQuery query, CancellationToken cancellationToken)
    {
        if (query.Skip > MessageQuery.MaxSkip)
        {
            throw new ArgumentOutOfRangeException(nameof(query), $"Offset paging stops at {MessageQuery.MaxSkip} rows; continue with a cursor (Before).");
        }

        return RunAsync("list messages", async () =>
        {
            var documents = await messages.Find(MongoQueryBuilder.WhereWithCursor(query))
                .Sort(MongoQueryBuilder.Order(query))
                .Skip(query.Skip)
                .Limit(query.Take + 1)
                .ToListAsync(cancellationToken);
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
                cancellationToken);
            return query.ExactCount || counted <= limit
                ? MessagePage.Of(query, items, more, counted, totalIsExact: true)
                : MessagePage.Of(query, items, more, limit, totalIsExact: false);
        });
    }

    // One index per filter, each ending in (createdAt, _id) so the sort is the index order. Earlier versions had
    // status and recipient indexes without _id under other names: dropped, since an index cannot change keys in place.
    private async Task CreateListingIndexesAsync(CancellationToken cancellationToken)
    {
        foreach (var replaced in new[] { "ix_messages_status_created", "ix_messages_to_created" })
        {
            try
            {
                await messages.Indexes.DropOneAsync(replaced, cancellationToken);
            }
            catch (MongoCommandException exception) when (exception.Code == 27)
            {
                // IndexNotFound: a new database, or already migrated.
            }
        }

        var keys = Builders<MessageDocument>.IndexKeys;
        await messages.Indexes.CreateManyAsync(
        [
            new(keys.Ascending(d => d.Status).Descending(d => d.CreatedAt).Descending(d => d.Id), new CreateIndexOptions { Name = "ix_messages_status_created_id" }),
            new(keys.Ascending(d => d.To).Descending(d => d.CreatedAt).Descending(d => d.Id), new CreateIndexOptions { Name = "ix_messages_to_created_id" }),
            new(keys.Ascending(d => d.From).Descending(d => d.CreatedAt).Descending(d => d.Id), new CreateIndexOptions { Name = "ix_messages_from_created_id" }),
            new(keys.Ascending(d => d.ErrorCode).Descending(d => d.CreatedAt).Descending(d => d.Id), new CreateIndexOptions<MessageDocument>
            {
                Name = "ix_messages_error_created_id",
                PartialFilterExpression = Filter.Exists(d => d.ErrorCode), // implied by errorCode = n, so the planner uses it
            }),
            new(keys.Ascending(d => d.SearchGrams).Descending(d => d.CreatedAt).Descending(d => d.Id), new CreateIndexOptions { Name = "ix_messages_search_grams" }),
        ], cancellationToken);

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
        limit <= 0 ? Task.FromResult<IReadOnlyList<Message>>([]) : RunAsync<IReadOnlyList<Message>>("find unsettled messages", async () =>
        {
            var documents = await messages
                .Find(Filter.Eq(d => d.IsFinal, false) & Filter.Lt(d => d.UpdatedAt, updatedBefore.UtcDateTime) & Filter.Eq(d => d.ReconciliationGaveUpAt, null))
                .Sort(Builders<MessageDocument>.Sort.Ascending(d => d.UpdatedAt).Ascending(d => d.Id))
                .Limit(limit)
                .ToListAsync(cancellationToken);
            return documents.Select(MongoDocumentMapper.ToMessage).ToArray();
        });

    public Task PingAsync(CancellationToken cancellationToken) =>
        RunAsync("answer a ping", async () =>
        {
            await database.RunCommandAsync<MongoDB.Bson.BsonDocument>(new MongoDB.Bson.BsonDocument("ping", 1), cancellationToken: cancellationToken);
            return 0;
        });

    private async Task<Message?> FindOneAsync(FilterDefinition<MessageDocument> filter, CancellationToken cancellationToken)
    {
        var document = await messages.Find(filter).Limit(1).FirstOrDefaultAsync(cancellationToken);
        return document is null ? null : MongoDocumentMapper.ToMessage(document);
    }

    private async Task<T> RunAsync<T>(string action, Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (Exception exception) when (MongoErrors.IsUnavailable(exception) && !MongoErrors.IsDuplicateKey(exception))
        {
            // The driver's own message can list server endpoints and state; ours names the database only.
            throw new StoreUnavailableException($"{Description} could not {action} ({exception.GetType().Name}).", exception);
        }
    }
}
