using MongoDB.Driver;
using SmsStatusTracker.Core.Bulk;
using SmsStatusTracker.Core.OptOuts;
using SmsStatusTracker.Core.Storage.Mongo;
using SmsStatusTracker.Tests.Storage;

namespace SmsStatusTracker.Tests.Bulk;

/// <summary>The bulk job contract on a real MongoDB server (<see cref="MongoTestServer"/>): skipped with the reason where none is configured, failed where one is configured but does not answer.</summary>
public sealed class MongoBulkJobStoreContractTests(MongoTestServer server) : BulkJobStoreContract
{
    private readonly string databaseName = $"sst_bulk_{Guid.NewGuid():N}"[..22];
    private readonly List<MongoClient> clients = [];
    private string? connectionString;

    protected override async Task<IBulkJobStore> OpenAsync()
    {
        var (client, options) = await ClientAsync();
        return new MongoBulkJobStore(client, options);
    }

    protected override async Task<IOptOutStore> OpenOptOutsAsync()
    {
        var (client, options) = await ClientAsync();
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

    private async Task<(MongoClient, MongoStoreOptions)> ClientAsync()
    {
        connectionString ??= await server.DatabaseOrSkipAsync(databaseName, Ct);
        var options = new MongoStoreOptions(connectionString);
        var client = new MongoClient(options.CreateClientSettings());
        clients.Add(client);
        return (client, options);
    }
}
