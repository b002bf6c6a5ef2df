using MongoDB.Driver;
using SmsStatusTracker.Core.Inbound;
using SmsStatusTracker.Core.Storage.Mongo;
using SmsStatusTracker.Tests.Storage;

namespace SmsStatusTracker.Tests.Inbound;

/// <summary>The inbound store contract on a real MongoDB server (<see cref="MongoTestServer"/>): skipped with the reason where none is configured.</summary>
public sealed class MongoInboundMessageStoreContractTests(MongoTestServer server) : InboundMessageStoreContract
{
    private readonly string databaseName = $"sst_inbound_{Guid.NewGuid():N}"[..24];
    private readonly List<MongoClient> clients = [];
    private string? connectionString;

    protected override async Task<IInboundMessageStore> OpenAsync()
    {
        connectionString ??= await server.DatabaseOrSkipAsync(databaseName, Ct);
        var options = new MongoStoreOptions(connectionString);
        var client = new MongoClient(options.CreateClientSettings());
        clients.Add(client);
        return new MongoInboundMessageStore(client, options);
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
