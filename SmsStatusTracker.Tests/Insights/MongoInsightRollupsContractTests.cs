using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Driver;
using SmsStatusTracker.Core.Insights;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Mongo;
using SmsStatusTracker.Tests.Storage;

namespace SmsStatusTracker.Tests.Insights;

/// <summary>
/// The rollup contract on a real MongoDB server (a replica set: rollups commit in a multi-document transaction), one
/// database per test, dropped afterwards. Without a server every test is skipped with the reason, never passed.
/// </summary>
public sealed class MongoInsightRollupsContractTests(MongoTestServer server) : InsightRollupsContract
{
    private static readonly string RunPrefix = $"sst_insights_{Guid.NewGuid():N}"[..25];
    private static int databaseCount;

    private readonly List<MongoClient> clients = [];
    private string? databaseName;
    private MongoStoreOptions? options;
    private IInsightRollupsMaintenance? maintenance;

    protected override IInsightRollupRows Rows => new MongoInsightRollupRows(clients[0], options!);

    protected override IInsightRollupsMaintenance Maintenance => maintenance ?? throw new InvalidOperationException("Open a store with rollups first.");

    protected override async Task<IMessageStore> OpenStoreAsync(bool withRollups)
    {
        if (options is null)
        {
            databaseName = $"{RunPrefix}_{Interlocked.Increment(ref databaseCount)}";
            options = new MongoStoreOptions(await server.DatabaseOrSkipAsync(databaseName, Ct));
        }

        var client = new MongoClient(options.CreateClientSettings());
        clients.Add(client);
        IMongoMessageChangeWriter[] companions = [];
        if (withRollups)
        {
            var backfill = new MongoInsightRollupsBackfill(client, options, Clock, NullLogger<MongoInsightRollupsBackfill>.Instance);
            maintenance = backfill;
            companions = [new MongoInsightRollups(backfill, Clock)];
        }

        var store = new MongoMessageStore(client, options, companions);
        await store.InitializeAsync(Ct);
        return store;
    }

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
}
