using MongoDB.Driver;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Mongo;

namespace SmsStatusTracker.Tests.Storage;

/// <summary>
/// The contract on a real MongoDB server (see <see cref="MongoTestServer"/>). Every test gets its own
/// database, named after this class run, and drops it afterwards. Without a server every test is skipped
/// with the reason, never passed.
/// </summary>
public sealed class MongoMessageStoreContractTests(MongoTestServer server) : MessageStoreContract
{
    private static readonly string RunPrefix = $"sst_contract_{Guid.NewGuid():N}"[..25];
    private static int databaseCount;

    private readonly List<MongoClient> clients = [];
    private string? databaseName;
    private string? connectionString;

    protected override async Task<IMessageStore> CreateStoreAsync()
    {
        databaseName = $"{RunPrefix}_{Interlocked.Increment(ref databaseCount)}";
        connectionString = await server.DatabaseOrSkipAsync(databaseName, Ct);
        var store = Open();
        await store.InitializeAsync(Ct);
        return store;
    }

    protected override Task<IMessageStore> OpenSecondInstanceAsync(IMessageStore first) => Task.FromResult<IMessageStore>(Open());

    public override async ValueTask DisposeAsync()
    {
        if (databaseName is not null && clients.Count > 0)
        {
            await clients[0].DropDatabaseAsync(databaseName, CancellationToken.None);
        }

        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    /// <summary>A store with its own client, as a separate app instance would have.</summary>
    private MongoMessageStore Open()
    {
        var options = new MongoStoreOptions(connectionString!);
        Assert.Equal(databaseName, options.DatabaseName);
        var client = new MongoClient(options.CreateClientSettings());
        clients.Add(client);
        return new MongoMessageStore(client, options);
    }
}
