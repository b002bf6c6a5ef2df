using MongoDB.Driver;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Mongo;

namespace SmsStatusTracker.Tests.Storage;

/// <summary>
/// The export contract on a real MongoDB server (see <see cref="MongoTestServer"/>), a database per test dropped
/// afterwards. Without a server every test is skipped with the reason, never passed.
/// </summary>
public sealed class MongoMessageExportContractTests(MongoTestServer server) : MessageExportContract
{
    private static readonly string RunPrefix = $"sst_export_{Guid.NewGuid():N}"[..23];
    private static int databaseCount;

    private MongoClient? client;
    private string? databaseName;

    protected override async Task<(IMessageStore Store, IMessageExportSource Export)> CreateAsync(int batchSize)
    {
        databaseName = $"{RunPrefix}_{Interlocked.Increment(ref databaseCount)}";
        var connectionString = await server.DatabaseOrSkipAsync(databaseName, Ct);
        var options = new MongoStoreOptions(connectionString);
        client = new MongoClient(options.CreateClientSettings());
        var store = new MongoMessageStore(client, options);
        await store.InitializeAsync(Ct);
        return (store, new MongoMessageExport(client, options) { BatchSize = batchSize });
    }

    public override async ValueTask DisposeAsync()
    {
        if (client is not null)
        {
            await client.DropDatabaseAsync(databaseName, CancellationToken.None);
            client.Dispose();
        }
    }
}
