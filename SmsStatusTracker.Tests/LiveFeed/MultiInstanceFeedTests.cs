using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Tests.Functional;
using SmsStatusTracker.Tests.Infrastructure;
using SmsStatusTracker.Web.LiveFeed;

namespace SmsStatusTracker.Tests.LiveFeed;

/// <summary>
/// Two app instances sharing one SQLite file and a real redis-server: a callback handled by instance A
/// reaches the dashboards served by instance B through the SignalR Redis backplane.
/// </summary>
public sealed class MultiInstanceFeedTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

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

        var seenOnB = new ConcurrentQueue<MessageChange>();
        using var subscription = instanceB.Services.GetRequiredService<MessageNotifications>().Subscribe(change =>
        {
            seenOnB.Enqueue(change);
            return Task.CompletedTask;
        });

        var message = await instanceA.AddQueuedMessageAsync();

        using var http = instanceA.CreateHttpClient();
        using var response = await http.SendAsync(
            SignedCallback.Request(new Uri(instanceA.BaseAddress, $"/api/sms-status?messageId={message.Id:N}"), SignedCallback.Form(message.Sid!, "delivered")), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await LiveFeedTests.WaitUntilAsync(() => seenOnB.Any(c => c.Message.Id == message.Id && c.Message.Status == MessageStatus.Delivered));
        Assert.Equal(MessageStatus.Delivered, (await instanceB.Store.FindAsync(message.Id, Cancel))!.Status);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(database);
    }
}
