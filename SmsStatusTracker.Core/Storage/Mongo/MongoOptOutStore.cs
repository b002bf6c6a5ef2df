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
public sealed class MongoOptOutStore : IOptOutStore
{
    public const string EntriesCollection = "opt_out_entries";
    public const string StatesCollection = "opt_outs";

    private readonly MongoStoreOptions options;
    private readonly IMongoCollection<EntryDocument> entries;
    private readonly IMongoCollection<StateDocument> states;
    private readonly MongoIndexGate<EntryDocument> indexes;

    public MongoOptOutStore(IMongoClient client, MongoStoreOptions options)
    {
        this.options = options;
        entries = options.Database(client).GetCollection<EntryDocument>(EntriesCollection);
        states = options.Database(client).GetCollection<StateDocument>(StatesCollection);
        indexes = new(options, entries, MongoIndexes.OptOutEntries, MongoIndexes.RetiredOptOutEntries);
    }

    public Task<bool> AppendAsync(OptOutEntry entry, CancellationToken cancellationToken) =>
        indexes.RunAsync("write the opt-out ledger", async ct =>
        {
            var added = true;
            try
            {
                await entries.InsertOneAsync(EntryDocument.From(entry), cancellationToken: ct);
            }
            catch (Exception exception) when (MongoErrors.IsDuplicateKey(exception))
            {
                added = false;
            }

            if (entry.ChangesState)
            {
                await SetStateAsync(entry, ct);
            }

            return added;
        }, cancellationToken);

    // The state document's _id is the number: no index of ours needed.
    public Task<OptOutNumber?> FindAsync(string number, CancellationToken cancellationToken) =>
        MongoDeadline.RunAsync(options, "read the opt-out ledger", async ct =>
        {
            var found = await states.Find(d => d.Number == number).FirstOrDefaultAsync(ct);
            return found?.ToNumber();
        }, cancellationToken);

    public Task<IReadOnlyList<OptOutEntry>> TrailAsync(string number, CancellationToken cancellationToken) =>
        indexes.RunAsync<IReadOnlyList<OptOutEntry>>("read the opt-out ledger", async ct =>
        {
            var found = await entries.Find(Trail(number)).Sort(TrailOrder).ToListAsync(ct);
            return found.Select(d => d.ToEntry()).ToList();
        }, cancellationToken);

    public Task<IReadOnlyList<OptOutNumber>> SearchAsync(string? contains, bool optedOutOnly, int limit, CancellationToken cancellationToken)
    {
        var filter = Builders<StateDocument>.Filter;
        var query = string.IsNullOrEmpty(contains)
            ? filter.Empty
            : filter.Regex(d => d.Number, new BsonRegularExpression(Regex.Escape(contains)));
        if (optedOutOnly)
        {
            query &= filter.Eq(d => d.OptedOut, true);
        }

        return MongoDeadline.RunAsync<IReadOnlyList<OptOutNumber>>(options, "search the opt-out ledger", async ct =>
        {
            var found = await states.Find(query).SortBy(d => d.Number).Limit(Math.Max(1, limit)).ToListAsync(ct);
            return found.Select(d => d.ToNumber()).ToList();
        }, cancellationToken);
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

    internal static FilterDefinition<EntryDocument> Trail(string number) => Builders<EntryDocument>.Filter.Eq(d => d.Number, number);

    /// <summary>Oldest first; the entry id breaks ties. The index gives this order.</summary>
    internal static SortDefinition<EntryDocument> TrailOrder { get; } = Builders<EntryDocument>.Sort.Ascending(d => d.At).Ascending(d => d.Id);

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
