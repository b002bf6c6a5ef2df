using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;
using MongoDB.Driver;
using SmsStatusTracker.Core.Inbound;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>
/// Inbound messages in the <c>inbound_messages</c> collection. A unique index on <c>sid</c> (not partial, so every
/// lookup by SID can use it as is) makes a retry's insert fail as a duplicate, which is the "already stored" answer.
/// </summary>
public sealed class MongoInboundMessageStore(IMongoClient client, MongoStoreOptions options) : IInboundMessageStore
{
    public const string Collection = "inbound_messages";

    private readonly IMongoCollection<InboundDocument> messages = options.Database(client).GetCollection<InboundDocument>(Collection);
    private readonly SemaphoreSlim indexGate = new(1, 1);
    private volatile bool indexed;

    public async Task<bool> AddAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureIndexesAsync(cancellationToken);
            await messages.InsertOneAsync(InboundDocument.Of(message), cancellationToken: cancellationToken);
            return true;
        }
        catch (Exception exception) when (MongoErrors.IsDuplicateKey(exception))
        {
            return false;
        }
        catch (Exception exception) when (MongoErrors.IsUnavailable(exception))
        {
            throw new StoreUnavailableException($"{options.Description} could not store an inbound message ({exception.GetType().Name}).", exception);
        }
    }

    public async Task<IReadOnlyList<InboundMessage>> ListFromAsync(string from, int limit, CancellationToken cancellationToken)
    {
        try
        {
            await EnsureIndexesAsync(cancellationToken);
            var found = await messages.Find(d => d.From == from)
                .SortByDescending(d => d.ReceivedAt).ThenByDescending(d => d.Sid)
                .Limit(Math.Max(1, limit))
                .ToListAsync(cancellationToken);
            return found.Select(d => d.ToMessage()).Reverse().ToList();
        }
        catch (Exception exception) when (MongoErrors.IsUnavailable(exception))
        {
            throw new StoreUnavailableException($"{options.Description} could not list inbound messages ({exception.GetType().Name}).", exception);
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
                var keys = Builders<InboundDocument>.IndexKeys;
                await messages.Indexes.CreateManyAsync(
                    [
                        new CreateIndexModel<InboundDocument>(keys.Ascending(d => d.Sid), new CreateIndexOptions { Unique = true, Name = "ux_sid" }),
                        new CreateIndexModel<InboundDocument>(keys.Ascending(d => d.From).Descending(d => d.ReceivedAt), new CreateIndexOptions { Name = "ix_from_received" }),
                    ],
                    cancellationToken);
                indexed = true;
            }
        }
        finally
        {
            indexGate.Release();
        }
    }

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
