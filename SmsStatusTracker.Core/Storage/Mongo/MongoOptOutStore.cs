using System.Text.RegularExpressions;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;
using MongoDB.Driver;
using SmsStatusTracker.Core.OptOuts;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>
/// The opt-out ledger in two collections: <c>opt_out_entries</c> (the trail, <c>_id</c> the entry id, so a repeated
/// report is a duplicate key) and <c>opt_outs</c> (one state document per number). The state write is an upsert
/// guarded by "not newer than this entry", and it is made even when the entry was already there: a crash between the
/// two writes is completed by the retry that follows, without a multi-document transaction.
/// </summary>
public sealed class MongoOptOutStore(IMongoClient client, MongoStoreOptions options) : IOptOutStore
{
    public const string EntriesCollection = "opt_out_entries";
    public const string StatesCollection = "opt_outs";

    private readonly IMongoCollection<EntryDocument> entries = options.Database(client).GetCollection<EntryDocument>(EntriesCollection);
    private readonly IMongoCollection<StateDocument> states = options.Database(client).GetCollection<StateDocument>(StatesCollection);
    private readonly SemaphoreSlim indexGate = new(1, 1);
    private volatile bool indexed;

    public async Task<bool> AppendAsync(OptOutEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureIndexesAsync(cancellationToken);
            var added = true;
            try
            {
                await entries.InsertOneAsync(EntryDocument.From(entry), cancellationToken: cancellationToken);
            }
            catch (Exception exception) when (MongoErrors.IsDuplicateKey(exception))
            {
                added = false;
            }

            if (entry.ChangesState)
            {
                await SetStateAsync(entry, cancellationToken);
            }

            return added;
        }
        catch (Exception exception) when (MongoErrors.IsUnavailable(exception))
        {
            throw new StoreUnavailableException($"{options.Description} could not write the opt-out ledger ({exception.GetType().Name}).", exception);
        }
    }

    public async Task<OptOutNumber?> FindAsync(string number, CancellationToken cancellationToken)
    {
        try
        {
            var found = await states.Find(d => d.Number == number).FirstOrDefaultAsync(cancellationToken);
            return found?.ToNumber();
        }
        catch (Exception exception) when (MongoErrors.IsUnavailable(exception))
        {
            throw new StoreUnavailableException($"{options.Description} could not read the opt-out ledger ({exception.GetType().Name}).", exception);
        }
    }

    public async Task<IReadOnlyList<OptOutEntry>> TrailAsync(string number, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureIndexesAsync(cancellationToken);
            var found = await entries.Find(d => d.Number == number).SortBy(d => d.At).ThenBy(d => d.Id).ToListAsync(cancellationToken);
            return found.Select(d => d.ToEntry()).ToList();
        }
        catch (Exception exception) when (MongoErrors.IsUnavailable(exception))
        {
            throw new StoreUnavailableException($"{options.Description} could not read the opt-out ledger ({exception.GetType().Name}).", exception);
        }
    }

    public async Task<IReadOnlyList<OptOutNumber>> SearchAsync(string? contains, bool optedOutOnly, int limit, CancellationToken cancellationToken)
    {
        var filter = Builders<StateDocument>.Filter;
        var query = string.IsNullOrEmpty(contains)
            ? filter.Empty
            : filter.Regex(d => d.Number, new BsonRegularExpression(Regex.Escape(contains)));
        if (optedOutOnly)
        {
            query &= filter.Eq(d => d.OptedOut, true);
        }

        try
        {
            var found = await states.Find(query).SortBy(d => d.Number).Limit(Math.Max(1, limit)).ToListAsync(cancellationToken);
            return found.Select(d => d.ToNumber()).ToList();
        }
        catch (Exception exception) when (MongoErrors.IsUnavailable(exception))
        {
            throw new StoreUnavailableException($"{options.Description} could not search the opt-out ledger ({exception.GetType().Name}).", exception);
        }
    }

    private async Task SetStateAsync(OptOutEntry entry, CancellationToken cancellationToken)
    {
        var at = entry.At.UtcDateTime;
        try
        {
            await states.UpdateOneAsync(
                d => d.Number == entry.Number && d.ChangedAt <= at,
                Builders<StateDocument>.Update
                    .Set(d => d.OptedOut, entry.Action == OptOutAction.OptedOut)
                    .Set(d => d.ChangedAt, at)
                    .Set(d => d.Source, entry.Source.ToString()),
                new UpdateOptions { IsUpsert = true },
                cancellationToken);
        }
        catch (Exception exception) when (MongoErrors.IsDuplicateKey(exception))
        {
            // A later change is already stored: the filter matched nothing and the upsert's insert hit its _id. It stays.
        }
    }

    private async Task EnsureIndexesAsync(CancellationToken cancellationToken)
    {
        if (indexed)
        {
            return;
        }

        await indexGate.WaitAsync(cancellationToken);
        try
        {
            if (!indexed)
            {
                await entries.Indexes.CreateOneAsync(
                    new CreateIndexModel<EntryDocument>(Builders<EntryDocument>.IndexKeys.Ascending(d => d.Number).Ascending(d => d.At), new CreateIndexOptions { Name = "ix_number_at" }),
                    cancellationToken: cancellationToken);
                indexed = true;
            }
        }
        finally
        {
            indexGate.Release();
        }
    }

    [BsonIgnoreExtraElements]
    internal sealed class EntryDocument
    {
        [BsonId]
        public string Id { get; set; } = "";

        [BsonElement("number")]
        public string Number { get; set; } = "";

        [BsonElement("action")]
        public string Action { get; set; } = "";

        [BsonElement("source")]
        public string Source { get; set; } = "";

        [BsonElement("at")]
        public DateTime At { get; set; }

        [BsonElement("actor")]
        public string Actor { get; set; } = "";

        [BsonElement("detail")]
        [BsonIgnoreIfNull]
        public string? Detail { get; set; }

        public static EntryDocument From(OptOutEntry entry) => new()
        {
            Id = entry.Id.ToString("N"),
            Number = entry.Number,
            Action = entry.Action.ToString(),
            Source = entry.Source.ToString(),
            At = entry.At.UtcDateTime,
            Actor = entry.Actor,
            Detail = entry.Detail,
        };

        public OptOutEntry ToEntry() => new()
        {
            Id = Guid.ParseExact(Id, "N"),
            Number = Number,
            Action = Enum.Parse<OptOutAction>(Action),
            Source = Enum.Parse<OptOutSource>(Source),
            At = new DateTimeOffset(DateTime.SpecifyKind(At, DateTimeKind.Utc)),
            Actor = Actor,
            Detail = Detail,
        };
    }

    [BsonIgnoreExtraElements]
    internal sealed class StateDocument
    {
        [BsonId]
        public string Number { get; set; } = "";

        [BsonElement("optedOut")]
        public bool OptedOut { get; set; }

        [BsonElement("changedAt")]
        public DateTime ChangedAt { get; set; }

        [BsonElement("source")]
        public string Source { get; set; } = "";

        public OptOutNumber ToNumber() =>
            new(Number, OptedOut, new DateTimeOffset(DateTime.SpecifyKind(ChangedAt, DateTimeKind.Utc)), Enum.Parse<OptOutSource>(Source));
    }
}
