using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Mongo;

namespace SmsStatusTracker.Tests.Storage;

/// <summary>
/// The contract on a real MongoDB server (see <see cref="MongoTestServer"/>). Every test gets its own
/// database, named after this class run, and drops it afterwards. Without a server every test is skipped
/// with the reason, never passed.
/// </summary>
public sealed class MongoMessageStoreContractTests(MongoTestServer server) : MessageStoreContract
{
    private static readonly string RunPrefix = $"sst_contract_{Guid.NewGuid():N}"[..25];
    private static int databaseCount;

    private readonly List<MongoClient> clients = [];
    private string? databaseName;
    private string? connectionString;

    protected override async Task<IMessageStore> CreateStoreAsync()
    {
        databaseName = $"{RunPrefix}_{Interlocked.Increment(ref databaseCount)}";
        connectionString = await server.DatabaseOrSkipAsync(databaseName, Ct);
        var store = Open();
        await store.InitializeAsync(Ct);
        return store;
    }

    protected override Task<IMessageStore> OpenSecondInstanceAsync(IMessageStore first) => Task.FromResult<IMessageStore>(Open());

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

    public static TheoryData<string> ExplainedQueries => new(MongoIndexCoverageTests.MessageQueryCases.Keys);

    /// <summary>The server's own planner, on a few stored messages: the query is an index scan, never a collection scan or an in-memory sort.</summary>
    [Theory]
    [MemberData(nameof(ExplainedQueries))]
    public async Task TheServerPlansEveryLookupAndListFilterAsAnIndexScan(string name)
    {
        var store = await CreateStoreAsync();
        for (var n = 1; n <= 30; n++)
        {
            await store.AddAsync(Infrastructure.TestMessages.Stored(n, sid: $"SM_explain_{n}"), Ct);
        }

        var (filter, sort) = MongoIndexCoverageTests.MessageQueryCases[name];
        var args = new RenderArgs<MessageDocument>(BsonSerializer.LookupSerializer<MessageDocument>(), BsonSerializer.SerializerRegistry);
        var find = new BsonDocument { { "find", MongoStoreOptions.MessagesCollection }, { "filter", filter.Render(args) }, { "limit", 51 } };
        if (sort.Render(args) is { ElementCount: > 0 } rendered)
        {
            find["sort"] = rendered;
        }

        var explained = await clients[0].GetDatabase(databaseName).RunCommandAsync<BsonDocument>(
            new BsonDocument { { "explain", find }, { "verbosity", "queryPlanner" } }, cancellationToken: Ct);

        var plan = explained["queryPlanner"]["winningPlan"].ToJson();
        Assert.Contains("IXSCAN", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("COLLSCAN", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("\"stage\" : \"SORT\"", plan, StringComparison.Ordinal);
    }

    /// <summary>A store with its own client, as a separate app instance would have.</summary>
    private MongoMessageStore Open()
    {
        var options = new MongoStoreOptions(connectionString!);
        Assert.Equal(databaseName, options.DatabaseName);
        var client = new MongoClient(options.CreateClientSettings());
        clients.Add(client);
        return new MongoMessageStore(client, options);
    }
}
