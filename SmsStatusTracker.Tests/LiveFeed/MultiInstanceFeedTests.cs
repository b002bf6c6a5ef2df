using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Tests.Functional;
using SmsStatusTracker.Tests.Infrastructure;
using SmsStatusTracker.Web.Endpoints.StatusCallbacks;
using Microsoft.AspNetCore.SignalR.Client;
using SmsStatusTracker.Web.LiveFeed;
using StackExchange.Redis;

namespace SmsStatusTracker.Tests.LiveFeed;

/// <summary>
/// Two app instances sharing one SQLite file and a real redis-server: a callback handled by instance A
/// reaches the pages served by instance B through the Redis link between instances.
/// </summary>
public sealed class MultiInstanceFeedTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ACallbackHandledByOneInstanceReachesWatchersOnTheOther()
    {
        await using var redis = await RedisServer.StartAsync();
        var database = Path.Combine(Path.GetTempPath(), $"smsstatus-multi-{Guid.NewGuid():N}.db");
        var shared = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sqlite"] = $"Data Source={database};Default Timeout=5",
            ["SignalR:Redis"] = redis.ConnectionString,
        };
        using var instanceA = new TrackerApp(shared);
        using var instanceB = new TrackerApp(shared);
        await LiveFeedTests.WaitForFeedAsync(instanceA);
        await LiveFeedTests.WaitForFeedAsync(instanceB);

        var seenOnA = new ConcurrentQueue<MessageChange>();
        using var subscriptionA = instanceA.Services.GetRequiredService<MessageNotifications>().Subscribe(change =>
        {
            seenOnA.Enqueue(change);
            return Task.CompletedTask;
        });
        var seenOnB = new ConcurrentQueue<MessageChange>();
        using var subscription = instanceB.Services.GetRequiredService<MessageNotifications>().Subscribe(change =>
        {
            seenOnB.Enqueue(change);
            return Task.CompletedTask;
        });

        var message = await instanceA.AddQueuedMessageAsync();

        using var http = instanceA.CreateHttpClient();
        using var response = await http.SendAsync(
            SignedCallback.Request(new Uri(instanceA.BaseAddress, StatusCallbackRoute.PathFor(message.Id)), SignedCallback.Form(message.Sid!, "delivered")), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await LiveFeedTests.WaitUntilAsync(() => seenOnB.Any(c => c.Message.Id == message.Id && c.Message.Status == MessageStatus.Delivered));
        Assert.Equal(MessageStatus.Delivered, (await instanceB.Store.FindAsync(message.Id, Ct))!.Status);
        // A's own change reached A's pages once: directly, not also back from Redis.
        await Task.Delay(200, Ct);
        Assert.Single(seenOnA, c => c.Message.Id == message.Id && c.Message.Status == MessageStatus.Delivered);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(database);
    }

    [Fact]
    public async Task ABatchedListenerOnOneInstanceHearsTheOthersChangesInFramesAndAPerChangeListenerOneByOne()
    {
        await using var redis = await RedisServer.StartAsync();
        var database = Path.Combine(Path.GetTempPath(), $"smsstatus-multi-{Guid.NewGuid():N}.db");
        var shared = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sqlite"] = $"Data Source={database};Default Timeout=5",
            ["SignalR:Redis"] = redis.ConnectionString,
        };
        using var instanceA = new TrackerApp(shared);
        using var instanceB = new TrackerApp(shared);
        await LiveFeedTests.WaitForFeedAsync(instanceA);
        await LiveFeedTests.WaitForFeedAsync(instanceB);
        var token = await LiveFeedTests.ListenerKeyAsync(instanceA);
        await using var batched = await BatchedFeedTests.Listener.ConnectAsync(instanceB, MessagesHub.BatchedPath, token);
        await using var each = await BatchedFeedTests.Listener.ConnectAsync(instanceB, MessagesHub.Path, token);
        // Instance A has no hub connection of its own: its changes reach B's listeners through the backplane.
        var notifierA = instanceA.Services.GetRequiredService<IMessageChangeNotifier>();
        await BatchedFeedTests.HearingBothAsync(notifierA, batched, each);

        var published = Enumerable.Range(1, 50).Select(i => TestMessages.Stored(i)).ToList();
        foreach (var message in published)
        {
            await notifierA.MessageChangedAsync(message, MessageChangeKind.StatusChanged, Ct);
        }

        await LiveFeedTests.WaitUntilAsync(() => batched.Heard(published[^1].Id) && each.Heard(published[^1].Id));
        var ids = published.Select(m => m.Id).ToList();
        Assert.Equal(ids, batched.Frames.SelectMany(f => f.GetProperty("changes").EnumerateArray()).Select(BatchedFeedTests.Id).Where(ids.Contains));
        Assert.Equal(ids, each.Events.Select(BatchedFeedTests.Id).Where(ids.Contains));
        Assert.Empty(batched.Events);
        Assert.Empty(each.Frames);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(database);
    }

    [Fact]
    public async Task WhenTheLinkToRedisComesBackThePagesHereAreToldToResync()
    {
        await using var redis = await RedisServer.StartAsync();
        using var app = new TrackerApp(new Dictionary<string, string?> { ["SignalR:Redis"] = redis.ConnectionString });
        await LiveFeedTests.WaitForFeedAsync(app);
        var status = app.Services.GetRequiredService<LiveFeedStatus>();
        var resyncs = 0;
        using var subscription = app.Services.GetRequiredService<MessageNotifications>().SubscribeToResync(() =>
        {
            Interlocked.Increment(ref resyncs);
            return Task.CompletedTask;
        });

        await using (var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true"))
        {
            await admin.GetServer(redis.ConnectionString).ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");
        }

        await LiveFeedTests.WaitUntilAsync(() => Volatile.Read(ref resyncs) > 0);
        await LiveFeedTests.WaitUntilAsync(() => status.State == HubConnectionState.Connected);
    }
}
