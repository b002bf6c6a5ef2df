using MongoDB.Driver;
using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Storage.Mongo;

// The chain of resends of one message (its details page).
public sealed partial class MongoMessageStore
{
    public Task<IReadOnlyList<Message>> FindResendsOfAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<Message>>("find the resends of a message", async ct =>
        {
            var documents = await messages
                .Find(ResendsOf(id))
                .Sort(ResendsOrder)
                .ToListAsync(ct);
            return documents.Select(MongoDocumentMapper.ToMessage).ToArray();
        }, cancellationToken);

    // Repeats the partial index's condition: the planner does not infer $type from an equality.
    internal static FilterDefinition<MessageDocument> ResendsOf(Guid id) => Filter.Eq(d => d.ResentFromId, id) & MongoIndexes.IsResend;

    internal static SortDefinition<MessageDocument> ResendsOrder { get; } =
        Builders<MessageDocument>.Sort.Ascending(d => d.CreatedAt).Ascending(d => d.Id);
}
