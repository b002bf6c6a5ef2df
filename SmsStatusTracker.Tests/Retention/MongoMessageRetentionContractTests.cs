using MongoDB.Driver;
using SmsStatusTracker.Core.Retention;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Mongo;
using SmsStatusTracker.Tests.Storage;

namespace SmsStatusTracker.Tests.Retention;

/// <summary>The retention contract on a real MongoDB server (<see cref="MongoTestServer"/>): skipped with the reason where none is configured.</summary>
public sealed class MongoMessageRetentionContractTests(MongoTestServer server) : MessageRetentionContract
{
    private readonly string databaseName = $"sst_retention_{Guid.NewGuid():N}"[..26];
    private MongoClient? client;

    protected override async Task<(IMessageStore Store, IMessageRetention Retention)> CreateAsync()
    {
        var options = new MongoStoreOptions(await server.DatabaseOrSkipAsync(databaseName, Ct));
        client = new MongoClient(options.CreateClientSettings());
        var store = new MongoMessageStore(client, options);
        await store.InitializeAsync(Ct);
        return (store, new MongoMessageRetention(client, options));
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
