using System.Diagnostics;
using MongoDB.Driver;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Mongo;
using SmsStatusTracker.Tests.Storage.Wire;
using static SmsStatusTracker.Tests.Infrastructure.TestMessages;

namespace SmsStatusTracker.Tests.Storage;

/// <summary>
/// A server that answers the handshake and then stops answering (<see cref="RecordingMongoServer"/>): every store call
/// gives up as unavailable within <c>Mongo:OperationTimeout</c>, instead of the driver's ~45 s.
/// </summary>
public sealed class MongoOperationDeadlineTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(1);

    /// <summary>Without a deadline the driver waits on the silent socket for good: the test fails (TimeoutException) here instead.</summary>
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(15);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ACallbackLookupOnAServerThatStoppedAnsweringIsUnavailableWithinTheDeadline()
    {
        await using var server = new RecordingMongoServer();
        var options = new MongoStoreOptions(server.ConnectionString()) { OperationTimeout = Deadline };
        using var client = new MongoClient(options.CreateClientSettings());
        var store = new MongoMessageStore(client, options);
        await WarmUpAsync(client, server);

        server.Stall = true;
        var clock = Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.UpdateBySidAsync("SM_stalled", m => m, Ct).WaitAsync(GiveUp, Ct));

        Assert.InRange(clock.Elapsed, Deadline * 0.9, Deadline + TimeSpan.FromSeconds(2));
        Assert.Contains("Mongo:OperationTimeout", refused.Message, StringComparison.Ordinal);
        Assert.Contains("find", server.CommandNames);
    }

    [Fact]
    public async Task EveryKindOfStoreCallGivesUpWithinTheDeadline()
    {
        await using var server = new RecordingMongoServer();
        var options = new MongoStoreOptions(server.ConnectionString()) { OperationTimeout = Deadline };
        using var client = new MongoClient(options.CreateClientSettings());
        var messages = new MongoMessageStore(client, options);
        var keys = new MongoApiKeyStore(client, options);
        var leases = new MongoLeaseStore(client, options);
        var retention = new MongoMessageRetention(client, options);
        await WarmUpAsync(client, server);
        server.Stall = true;

        var calls = new Func<Task>[]
        {
            () => messages.AddAsync(Stored(1), Ct),
            () => messages.ListAsync(new MessageQuery { Page = 2 }, Ct),
            () => messages.FindUnsettledAsync(T0, 10, Ct),
            () => messages.ParkAsync(MessageStoreTestData.Parked("SM_p", "sent", 1), Ct),
            () => keys.FindAsync(Guid.NewGuid(), Ct),
            () => leases.TryAcquireAsync("reconciler", "me", T0, T0.AddMinutes(1), Ct),
            () => retention.DeleteMessagesAsync(T0, 10, Ct),
        };

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(calls.Select(call => Assert.ThrowsAsync<StoreUnavailableException>(() => call().WaitAsync(GiveUp, Ct))));

        Assert.True(clock.Elapsed < Deadline + TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task TheTwoWayActivityAndIdempotencyStoresGiveUpAtTheDeadlineIncludingTheirFirstIndexCreation()
    {
        await using var server = new RecordingMongoServer();
        // A socket timeout well past the deadline: only the deadline can end these calls within it.
        var options = new MongoStoreOptions(server.ConnectionString() + "&socketTimeoutMS=10000") { OperationTimeout = Deadline };
        using var client = new MongoClient(options.CreateClientSettings());
        var activity = new MongoActivityLog(client, options);
        var idempotency = new MongoIdempotencyStore(client, options);
        var inbound = new MongoInboundMessageStore(client, options);
        var optOuts = new MongoOptOutStore(client, options);
        await WarmUpAsync(client, server);
        server.Stall = true;

        var calls = new Func<Task>[]
        {
            () => activity.QueryAsync(new Core.ActivityLog.ActivityQuery(), Ct),
            () => idempotency.RemoveExpiredAsync(T0, Ct),
            () => inbound.ListFromAsync("+15551230001", 10, Ct),
            () => optOuts.FindAsync("+15551230001", Ct),
            () => optOuts.TrailAsync("+15551230001", Ct),
        };

        var clock = Stopwatch.StartNew();
        var refusals = await Task.WhenAll(calls.Select(call => Assert.ThrowsAsync<StoreUnavailableException>(() => call().WaitAsync(GiveUp, Ct))));

        Assert.True(clock.Elapsed < Deadline + TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        // Said by MongoDeadline only: the call was bounded by the deadline, not by a socket timeout that happened to match.
        Assert.All(refusals, refused => Assert.Contains("Mongo:OperationTimeout", refused.Message, StringComparison.Ordinal));
    }

    // The first call of a cold test process spends seconds compiling the driver: made here, with time to spare, so
    // the deadline measured below is the store's and not the JIT's.
    private static async Task WarmUpAsync(MongoClient client, RecordingMongoServer server)
    {
        var patient = new MongoStoreOptions(server.ConnectionString()) { OperationTimeout = TimeSpan.FromSeconds(12) };
        Assert.Null(await new MongoMessageStore(client, patient).FindBySidAsync("SM_warm", Ct)); // the stub answers a find
    }

    [Fact]
    public void TheClientWaitsNoLongerThanTheOperationTimeoutToConnectOrForOneAnswer()
    {
        var settings = new MongoStoreOptions("mongodb://db.internal/x") { OperationTimeout = TimeSpan.FromSeconds(3) }.CreateClientSettings();

        Assert.Equal(TimeSpan.FromSeconds(3), settings.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), settings.SocketTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), settings.ServerSelectionTimeout);
    }

    [Fact]
    public void TimeoutsTheConnectionStringSetsWin()
    {
        var settings = new MongoStoreOptions("mongodb://db.internal/x?socketTimeoutMS=7000&connectTimeoutMS=8000").CreateClientSettings();

        Assert.Equal(TimeSpan.FromSeconds(8), settings.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(7), settings.SocketTimeout);
    }
}
