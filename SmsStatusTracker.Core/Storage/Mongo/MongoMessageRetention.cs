using MongoDB.Driver;
using SmsStatusTracker.Core.Retention;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>
/// Retention on the messages collection: a batch of ids (oldest first, on the createdAt index), then one
/// UpdateMany/DeleteMany over them that repeats the condition, so a message changed in between is still judged
/// on what it is now. Emptying a body moves the version on, so an optimistic update from before fails and retries.
/// </summary>
public sealed class MongoMessageRetention(IMongoClient client, MongoStoreOptions options) : IMessageRetention
{
    private static readonly FilterDefinitionBuilder<MessageDocument> Filter = Builders<MessageDocument>.Filter;

    private readonly IMongoCollection<MessageDocument> messages =
        options.Database(client).GetCollection<MessageDocument>(MongoStoreOptions.MessagesCollection);

    public Task<int> RedactBodiesAsync(DateTimeOffset createdBefore, int batchSize, CancellationToken cancellationToken) =>
        RunAsync("empty message bodies", async ct =>
        {
            var due = Filter.Lt(d => d.CreatedAt, createdBefore.UtcDateTime) & Filter.Ne(d => d.Body, "");
            var ids = await IdsAsync(due, batchSize, ct);
            if (ids.Count == 0)
            {
                return 0;
            }

            var result = await messages.UpdateManyAsync(
                due & Filter.In(d => d.Id, ids),
                Builders<MessageDocument>.Update.Set(d => d.Body, "").Inc(d => d.Version, 1),
                cancellationToken: ct);
            return (int)result.ModifiedCount;
        }, cancellationToken);

    public Task<int> DeleteMessagesAsync(DateTimeOffset createdBefore, int batchSize, CancellationToken cancellationToken) =>
        RunAsync("delete old messages", async ct =>
        {
            var due = Filter.Lt(d => d.CreatedAt, createdBefore.UtcDateTime);
            var ids = await IdsAsync(due, batchSize, ct);
            if (ids.Count == 0)
            {
                return 0;
            }

            var result = await messages.DeleteManyAsync(due & Filter.In(d => d.Id, ids), ct);
            return (int)result.DeletedCount;
        }, cancellationToken);

    private async Task<List<Guid>> IdsAsync(FilterDefinition<MessageDocument> filter, int batchSize, CancellationToken cancellationToken) =>
        await messages.Find(filter).SortBy(d => d.CreatedAt).Limit(batchSize).Project(d => d.Id).ToListAsync(cancellationToken);

    private Task<int> RunAsync(string action, Func<CancellationToken, Task<int>> operation, CancellationToken cancellationToken) =>
        MongoDeadline.RunAsync(options, action, operation, cancellationToken);
}
