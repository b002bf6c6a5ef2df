using MongoDB.Driver;
using SmsStatusTracker.Core.Sending.Idempotency;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Mongo;
using SmsStatusTracker.Tests.Storage;

namespace SmsStatusTracker.Tests.Sending.Idempotency;

/// <summary>The idempotency contract on a real MongoDB server (<see cref="MongoTestServer"/>): skipped with the reason where none is configured, failed where one is configured but does not answer.</summary>
public sealed class MongoIdempotencyStoreContractTests(MongoTestServer server) : IdempotencyStoreContract
{
    private readonly string databaseName = $"sst_idem_{Guid.NewGuid():N}"[..24];
    private readonly List<MongoClient> clients = [];
    private string? connectionString;

    protected override async Task<IIdempotencyStore> OpenKeysAsync()
    {
        var (client, options) = await ConnectAsync();
        return new MongoIdempotencyStore(client, options);
    }

    protected override async Task<IMessageStore> OpenMessagesAsync()
    {
        var (client, options) = await ConnectAsync();
        var store = new MongoMessageStore(client, options);
        await store.InitializeAsync(Ct);
        return store;
    }

    private async Task<(MongoClient Client, MongoStoreOptions Options)> ConnectAsync()
    {
        connectionString ??= await server.DatabaseOrSkipAsync(databaseName, Ct);
        var options = new MongoStoreOptions(connectionString);
        var client = new MongoClient(options.CreateClientSettings());
        clients.Add(client);
        return (client, options);
    }

    public override async ValueTask DisposeAsync()
    {
        if (clients.Count > 0)
        {
            await clients[0].DropDatabaseAsync(databaseName, CancellationToken.None);
        }

        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}
