using MongoDB.Driver;
using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Storage.Mongo;

// The chain of resends of one message (its details page).
public sealed partial class MongoMessageStore
{
    public Task<IReadOnlyList<Message>> FindResendsOfAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<Message>>("find the resends of a message", async () =>
        {
            var documents = await messages
                .Find(Filter.Eq(d => d.ResentFromId, id))
                .Sort(Builders<MessageDocument>.Sort.Ascending(d => d.CreatedAt).Ascending(d => d.Id))
                .ToListAsync(cancellationToken);
            return documents.Select(MongoDocumentMapper.ToMessage).ToArray();
        });

    // Partial: only resends are indexed, most messages are not one.
    private static CreateIndexModel<MessageDocument> ResendsIndex(IndexKeysDefinitionBuilder<MessageDocument> keys) =>
        new(keys.Ascending(d => d.ResentFromId).Ascending(d => d.CreatedAt), new CreateIndexOptions<MessageDocument>
        {
            Name = "ix_messages_resent_from",
            PartialFilterExpression = Filter.Type(d => d.ResentFromId, MongoDB.Bson.BsonType.Binary),
        });
}
