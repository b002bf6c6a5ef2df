using System.Text.RegularExpressions;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;
using MongoDB.Driver;
using SmsStatusTracker.Core.ActivityLog;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>
/// The activity log in the <c>activity</c> collection. Its two indexes, (at, _id) and (kind, at, _id), are
/// created on first use; a page is a sort on one of them, descending, from the cursor on, limited to one page
/// (plus one row to know whether another page follows).
/// </summary>
public sealed class MongoActivityLog : IActivityLog
{
    public const string Collection = "activity";

    private static readonly FilterDefinitionBuilder<ActivityDocument> Filter = Builders<ActivityDocument>.Filter;

    private readonly IMongoCollection<ActivityDocument> entries;
    private readonly MongoIndexGate<ActivityDocument> indexes;

    public MongoActivityLog(IMongoClient client, MongoStoreOptions options)
    {
        this.options = options;
        entries = options.Database(client).GetCollection<ActivityDocument>(Collection);
        indexes = new(options, entries, MongoIndexes.Activity);
    }

    private readonly MongoStoreOptions options;

    public Task RecordAsync(ActivityEntry entry, CancellationToken cancellationToken) =>
        indexes.RunAsync("record an activity", async cancellationToken =>
        {
            await entries.InsertOneAsync(ActivityDocument.From(entry), cancellationToken: cancellationToken);
            return 0;
        }, cancellationToken);

    public Task<ActivityPage> QueryAsync(ActivityQuery query, CancellationToken cancellationToken) =>
        indexes.RunAsync("read the activity log", async cancellationToken =>
        {
            var filter = Filter.Empty;
            if (query.Kind is { } kind)
            {
                filter &= Filter.Eq(d => d.Kind, kind.ToWireName());
            }

            if (query.Since is { } since)
            {
                filter &= Filter.Gte(d => d.At, since.UtcDateTime);
            }

            if (query.Before is { } before)
            {
                filter &= Filter.Lt(d => d.At, before.UtcDateTime);
            }

            if (query.ActorText is { } actor)
            {
                filter &= Filter.Regex(d => d.Actor, new BsonRegularExpression(Regex.Escape(actor), "i"));
            }

            if (query.After is { } after)
            {
                var at = DateTimeOffset.FromUnixTimeMilliseconds(after.AtMs).UtcDateTime;
                filter &= Filter.Lt(d => d.At, at) | (Filter.Eq(d => d.At, at) & Filter.Lt(d => d.Id, after.Id));
            }

            var documents = await entries.Find(filter)
                .SortByDescending(d => d.At).ThenByDescending(d => d.Id)
                .Limit(query.Limit + 1)
                .ToListAsync(cancellationToken);
            var rows = documents
                .Select(d => (new ActivityCursor(new DateTimeOffset(d.At, TimeSpan.Zero).ToUnixTimeMilliseconds(), d.Id), d.ToEntry()))
                .ToList();
            return ActivityPage.From(rows, query.Limit);
        }, cancellationToken);

    public Task<int> DeleteOlderThanAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken) =>
        indexes.RunAsync("delete old activity", async cancellationToken =>
        {
            var due = Filter.Lt(d => d.At, before.UtcDateTime);
            var ids = await entries.Find(due).SortBy(d => d.At).Limit(batchSize).Project(d => d.Id).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                return 0;
            }

            var deleted = await entries.DeleteManyAsync(due & Filter.In(d => d.Id, ids), cancellationToken);
            return (int)deleted.DeletedCount;
        }, cancellationToken);

    [BsonIgnoreExtraElements]
    internal sealed class ActivityDocument
    {
        [BsonId]
        [BsonGuidRepresentation(GuidRepresentation.Standard)]
        public Guid Id { get; set; }

        [BsonElement("at")]
        public DateTime At { get; set; }

        [BsonElement("actor")]
        public string Actor { get; set; } = "";

        [BsonElement("kind")]
        public string Kind { get; set; } = "";

        [BsonElement("target")]
        public string Target { get; set; } = "";

        [BsonElement("detail")]
        [BsonIgnoreIfNull]
        public string? Detail { get; set; }

        public static ActivityDocument From(ActivityEntry entry) => new()
        {
            Id = entry.Id,
            At = entry.At.UtcDateTime,
            Actor = entry.Actor,
            Kind = entry.Kind.ToWireName(),
            Target = entry.Target,
            Detail = entry.Detail,
        };

        /// <summary>Null for a kind this version does not know (written by a newer one).</summary>
        public ActivityEntry? ToEntry() =>
            ActivityKinds.TryParse(Kind, out var kind)
                ? new ActivityEntry(Id, new DateTimeOffset(DateTime.SpecifyKind(At, DateTimeKind.Utc)), Actor, kind, Target, Detail)
                : null;
    }
}
