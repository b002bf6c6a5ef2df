using MongoDB.Driver;
using SmsStatusTracker.Core.OptOuts;
using SmsStatusTracker.Core.Storage.Mongo;
using SmsStatusTracker.Tests.Storage;

namespace SmsStatusTracker.Tests.OptOuts;

/// <summary>The opt-out store contract on a real MongoDB server (<see cref="MongoTestServer"/>): skipped with the reason where none is configured.</summary>
public sealed class MongoOptOutStoreContractTests(MongoTestServer server) : OptOutStoreContract
{
    private readonly string databaseName = $"sst_optouts_{Guid.NewGuid():N}"[..24];
    private readonly List<MongoClient> clients = [];
    private string? connectionString;

    protected override async Task<IOptOutStore> OpenAsync()
    {
        connectionString ??= await server.DatabaseOrSkipAsync(databaseName, Ct);
        var options = new MongoStoreOptions(connectionString);
        var client = new MongoClient(options.CreateClientSettings());
        clients.Add(client);
        return new MongoOptOutStore(client, options);
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
