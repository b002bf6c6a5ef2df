using MongoDB.Driver;
using SmsStatusTracker.Core.Alerts;
using SmsStatusTracker.Core.Storage.Mongo;
using SmsStatusTracker.Tests.Storage;

namespace SmsStatusTracker.Tests.Alerts;

/// <summary>The alert store contract on a real MongoDB server (<see cref="MongoTestServer"/>): skipped with the reason where none is configured.</summary>
public sealed class MongoAlertStoreContractTests(MongoTestServer server) : AlertStoreContract
{
    private readonly string databaseName = $"sst_alerts_{Guid.NewGuid():N}"[..24];
    private readonly List<MongoClient> clients = [];
    private string? connectionString;

    protected override async Task<IAlertStore> OpenAsync()
    {
        connectionString ??= await server.DatabaseOrSkipAsync(databaseName, Ct);
        var options = new MongoStoreOptions(connectionString);
        var client = new MongoClient(options.CreateClientSettings());
        clients.Add(client);
        return new MongoAlertStore(client, options);
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
