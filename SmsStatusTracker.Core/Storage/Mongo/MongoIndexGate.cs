using MongoDB.Driver;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>
/// Creates a collection's declared indexes (see <see cref="MongoIndexes"/>) once, on the first call that needs them,
/// inside that call's <see cref="MongoDeadline"/>. The stores of the later features create theirs this way, so a store
/// constructed on its own (a tool, a test) still has its unique indexes before its first write. Indexes whose keys
/// changed are dropped by their <paramref name="retired"/> names first, as at the message store's start-up.
/// </summary>
internal sealed class MongoIndexGate<T>(
    MongoStoreOptions options,
    IMongoCollection<T> collection,
    IReadOnlyList<CreateIndexModel<T>> indexes,
    IReadOnlyList<string>? retired = null)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile bool created;

    /// <summary>One store call under <see cref="MongoDeadline"/>, the indexes created first (the first time only).</summary>
    public Task<TResult> RunAsync<TResult>(string action, Func<CancellationToken, Task<TResult>> operation, CancellationToken cancellationToken) =>
        MongoDeadline.RunAsync(options, action, async ct =>
        {
            await EnsureAsync(ct);
            return await operation(ct);
        }, cancellationToken);

    private async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (created)
        {
            return;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!created)
            {
                await MongoIndexes.MigrateAsync(collection, retired ?? [], indexes, cancellationToken);
                created = true;
            }
        }
        finally
        {
            gate.Release();
        }
    }
}
