using MongoDB.Driver;
using SmsStatusTracker.Core.Coordination;
using SmsStatusTracker.Core.Storage.Mongo;
using SmsStatusTracker.Tests.Storage;

namespace SmsStatusTracker.Tests.Coordination;

/// <summary>The lease contract on a real MongoDB server (<see cref="MongoTestServer"/>): skipped with the reason where none is configured, failed where one is configured but does not answer.</summary>
public sealed class MongoLeaseStoreContractTests(MongoTestServer server) : LeaseStoreContract
{
    private readonly string databaseName = $"sst_leases_{Guid.NewGuid():N}"[..24];
    private readonly List<MongoClient> clients = [];
    private string? connectionString;

    protected override async Task<ILeaseStore> OpenAsync()
    {
        connectionString ??= await server.DatabaseOrSkipAsync(databaseName, Ct);
        var options = new MongoStoreOptions(connectionString);
        var client = new MongoClient(options.CreateClientSettings());
        clients.Add(client);
        return new MongoLeaseStore(client, options);
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
