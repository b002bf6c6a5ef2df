using MongoDB.Driver;
using SmsStatusTracker.Core.ActivityLog;
using SmsStatusTracker.Core.Storage.Mongo;
using SmsStatusTracker.Tests.Storage;

namespace SmsStatusTracker.Tests.ActivityLog;

/// <summary>The activity log contract on a real MongoDB server (<see cref="MongoTestServer"/>): skipped with the reason where none is configured, failed where one is configured but does not answer.</summary>
public sealed class MongoActivityLogContractTests(MongoTestServer server) : ActivityLogContract
{
    private readonly string databaseName = $"sst_activity_{Guid.NewGuid():N}"[..24];
    private MongoClient? client;

    protected override async Task<IActivityLog> OpenAsync()
    {
        var connectionString = await server.DatabaseOrSkipAsync(databaseName, Ct);
        var options = new MongoStoreOptions(connectionString);
        client ??= new MongoClient(options.CreateClientSettings());
        return new MongoActivityLog(client, options);
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
