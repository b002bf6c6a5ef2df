using Microsoft.Data.Sqlite;
using MongoDB.Driver;
using SmsStatusTracker.Core.ApiKeys;
using SmsStatusTracker.Core.Storage.Mongo;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Tests.Storage;

namespace SmsStatusTracker.Tests.ApiKeys;

public sealed class SqliteApiKeyStoreContractTests : ApiKeyStoreContract
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"smsstatus-keys-{Guid.NewGuid():N}.db");

    protected override async Task<IApiKeyStore> CreateStoreAsync()
    {
        var store = new SqliteApiKeyStore(new SqliteStoreOptions($"Data Source={path}"));
        await store.InitializeAsync(Ct);
        return store;
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(path);
        return ValueTask.CompletedTask;
    }
}

/// <summary>The same contract on MongoDB; skipped with the reason where no server answers.</summary>
public sealed class MongoApiKeyStoreContractTests(MongoTestServer server) : ApiKeyStoreContract
{
    private MongoClient? client;
    private string? database;

    protected override async Task<IApiKeyStore> CreateStoreAsync()
    {
        var name = $"sst_keys_{Guid.NewGuid():N}"[..24];
        var options = new MongoStoreOptions(await server.DatabaseOrSkipAsync(name, Ct));
        database = name;
        client = new MongoClient(options.CreateClientSettings());
        var store = new MongoApiKeyStore(client, options);
        await store.InitializeAsync(Ct);
        return store;
    }

    public override async ValueTask DisposeAsync()
    {
        if (client is not null && database is not null)
        {
            await client.DropDatabaseAsync(database, CancellationToken.None);
            client.Dispose();
        }
    }
}
