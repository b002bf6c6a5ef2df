using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MongoDB.Bson;
using MongoDB.Driver;
using SmsStatusTracker.Core.Insights;
using SmsStatusTracker.Core.Storage.Mongo;
using SmsStatusTracker.Tests.Storage.Wire;

namespace SmsStatusTracker.Tests.Insights;

/// <summary>What the driver sends for a message insert with rollups, recorded on the wire (no server needed).</summary>
public sealed class MongoInsightRollupsWireTests
{
    [Fact]
    public async Task TheRollupUpsertsTravelInTheSameTransactionAsTheMessageInsert()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = new RecordingMongoServer();
        var options = new MongoStoreOptions(server.ConnectionString());
        using var client = new MongoClient(options.CreateClientSettings());
        var time = new FakeTimeProvider(Now);
        var backfill = new MongoInsightRollupsBackfill(client, options, time, NullLogger<MongoInsightRollupsBackfill>.Instance);
        var store = new MongoMessageStore(client, options, [new MongoInsightRollups(backfill, time)]);

        var message = Infrastructure.TestMessages.Stored(1, sid: "SM_wire_rollups", createdAt: Now.AddMinutes(-5));
        await store.AddAsync(message, ct);

        var insert = Assert.Single(server.CommandsNamed("insert"));
        var rollups = Assert.Single(server.CommandsNamed("update"), c => c["update"] == "insight_rollups");
        var commit = Assert.Single(server.CommandsNamed("commitTransaction"));
        Assert.True(insert["startTransaction"].AsBoolean);
        foreach (var command in new[] { rollups, commit })
        {
            Assert.Equal(insert["lsid"], command["lsid"]);
            Assert.Equal(insert["txnNumber"], command["txnNumber"]);
            Assert.False(command["autocommit"].AsBoolean);
        }

        // Every dimension value, as an hour row and (a recent message) a minute row, each an $inc upsert.
        var updates = rollups["updates"].AsBsonArray.Select(u => u.AsBsonDocument).ToList();
        Assert.Equal(2 * InsightRollupChange.Targets(message).Count(), updates.Count);
        Assert.All(updates, u => Assert.True(u["upsert"].AsBoolean));
        Assert.All(updates, u => Assert.Equal(1, u["u"]["$inc"]["c.total"].ToInt32()));
    }

    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
}
