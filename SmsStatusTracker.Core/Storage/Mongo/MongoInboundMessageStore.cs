using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;
using MongoDB.Driver;
using SmsStatusTracker.Core.Inbound;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>
/// Inbound messages in the <c>inbound_messages</c> collection. A unique index on <c>sid</c> (not partial, so every
/// lookup by SID can use it as is) makes a retry's insert fail as a duplicate, which is the "already stored" answer.
/// </summary>
public sealed class MongoInboundMessageStore : IInboundMessageStore
{
    public const string Collection = "inbound_messages";

    private readonly MongoStoreOptions options;
    private readonly IMongoCollection<InboundDocument> messages;
    private readonly MongoIndexGate<InboundDocument> indexes;

    public MongoInboundMessageStore(IMongoClient client, MongoStoreOptions options)
    {
        this.options = options;
        messages = options.Database(client).GetCollection<InboundDocument>(Collection);
        indexes = new(options, messages, MongoIndexes.InboundMessages, MongoIndexes.RetiredInboundMessages);
    }

    public Task<bool> AddAsync(InboundMessage message, CancellationToken cancellationToken) =>
        indexes.RunAsync("store an inbound message", async ct =>
        {
            try
            {
                await messages.InsertOneAsync(InboundDocument.Of(message), cancellationToken: ct);
                return true;
            }
            catch (Exception exception) when (MongoErrors.IsDuplicateKey(exception))
            {
                return false;
            }
        }, cancellationToken);

    public Task<IReadOnlyList<InboundMessage>> ListFromAsync(string from, int limit, CancellationToken cancellationToken) =>
        indexes.RunAsync<IReadOnlyList<InboundMessage>>("list inbound messages", async ct =>
        {
            var found = await messages.Find(FromNumber(from))
                .Sort(NewestFirst)
                .Limit(Math.Max(1, limit))
                .ToListAsync(ct);
            return found.Select(d => d.ToMessage()).Reverse().ToList();
        }, cancellationToken);

    internal static FilterDefinition<InboundDocument> FromNumber(string from) => Builders<InboundDocument>.Filter.Eq(d => d.From, from);

    /// <summary>The SID breaks ties between replies received in the same millisecond; the index gives this order.</summary>
    internal static SortDefinition<InboundDocument> NewestFirst { get; } =
        Builders<InboundDocument>.Sort.Descending(d => d.ReceivedAt).Descending(d => d.Sid);

    [BsonIgnoreExtraElements]
    internal sealed class InboundDocument
    {
        [BsonId]
        public ObjectId Id { get; set; }

        [BsonElement("sid")]
        public string Sid { get; set; } = "";

        [BsonElement("from")]
        public string From { get; set; } = "";

        [BsonElement("to")]
        public string To { get; set; } = "";

        [BsonElement("body")]
        public string Body { get; set; } = "";

        [BsonElement("receivedAt")]
        public DateTime ReceivedAt { get; set; }

        public static InboundDocument Of(InboundMessage message) => new()
        {
            Id = ObjectId.GenerateNewId(),
            Sid = message.Sid,
            From = message.From,
            To = message.To,
            Body = message.Body,
            ReceivedAt = message.ReceivedAt.UtcDateTime,
        };

        public InboundMessage ToMessage() => new()
        {
            Sid = Sid,
            From = From,
            To = To,
            Body = Body,
            ReceivedAt = new DateTimeOffset(DateTime.SpecifyKind(ReceivedAt, DateTimeKind.Utc)),
        };
    }
}
