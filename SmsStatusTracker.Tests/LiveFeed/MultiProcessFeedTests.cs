using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Tests.Functional;
using SmsStatusTracker.Tests.Infrastructure;
using SmsStatusTracker.Web.Endpoints.StatusCallbacks;
using SmsStatusTracker.Web.LiveFeed;

namespace SmsStatusTracker.Tests.LiveFeed;

/// <summary>
/// Two real app processes sharing one SQLite file and a redis-server: a callback handled by process A
/// reaches a live-feed listener connected to process B, carried by the SignalR Redis backplane.
/// </summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class MultiProcessFeedTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ACallbackHandledByOneProcessReachesAListenerOnTheOther()
    {
        await using var redis = await RedisServer.StartAsync();
        using var cli = new AppProcess();
        Assert.Equal(0, (await cli.RunAsync("users", "add", "watcher@example.com", "--role", "Viewer")).ExitCode);
        var created = await cli.RunAsync("apikeys", "create", "--user", "watcher@example.com", "--name", "feed test");
        Assert.Equal(0, created.ExitCode);
        var token = created.Output.Split('\n').Single(l => l.StartsWith("token:", StringComparison.Ordinal))["token:".Length..].Trim();

        using var processA = Start(cli, redis, FreePort.Next(), out var addressA);
        using var processB = Start(cli, redis, FreePort.Next(), out var addressB);
        try
        {
            using (var a = new HttpClient { BaseAddress = addressA })
            using (var b = new HttpClient { BaseAddress = addressB })
            {
                await AppProcess.WaitUntilReadyAsync(a, processA);
                await AppProcess.WaitUntilReadyAsync(b, processB);
            }

            var message = await AddQueuedMessageAsync(cli);

            var seenOnB = new ConcurrentQueue<(Guid Id, string Status)>();
            await using var listener = new HubConnectionBuilder()
                .WithUrl(new Uri(addressB, MessagesHub.Path), options =>
                {
                    options.Headers["Authorization"] = $"Bearer {token}";
                    options.Transports = HttpTransportType.WebSockets;
                })
                .Build();
            listener.On<JsonElement>(MessageFeedEvents.MessageChanged, change =>
            {
                var changed = change.GetProperty("message");
                seenOnB.Enqueue((changed.GetProperty("id").GetGuid(), changed.GetProperty("status").GetString()!));
            });
            await listener.StartAsync(Ct);

            using var http = new HttpClient();
            using var response = await http.SendAsync(
                SignedCallback.Request(new Uri(addressA, StatusCallbackRoute.PathFor(message.Id)), SignedCallback.Form(message.Sid!, "delivered")), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            await LiveFeedTests.WaitUntilAsync(() => seenOnB.Any(s => s.Id == message.Id && s.Status == "delivered"));
        }
        finally
        {
            await AppProcess.StopAsync(processA);
            await AppProcess.StopAsync(processB);
        }
    }

    private static Process Start(AppProcess cli, RedisServer redis, int port, out Uri address)
    {
        address = new Uri($"http://127.0.0.1:{port}");
        return AppProcess.StartInBackground(cli.StartInfo(
            ["--urls", address.ToString()],
            settings: [("SignalR__Redis", redis.ConnectionString), ("Logging__LogLevel__Default", "Warning")]));
    }

    private static async Task<Message> AddQueuedMessageAsync(AppProcess cli)
    {
        await using var store = new SqliteMessageStore(new SqliteStoreOptions(cli.ConnectionString));
        var message = TestMessages.Queued(body: "two processes");
        await store.AddAsync(message, Ct);
        return message;
    }
}
