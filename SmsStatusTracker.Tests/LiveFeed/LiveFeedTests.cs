using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.ApiKeys;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Tests.Functional;
using SmsStatusTracker.Web.Endpoints.StatusCallbacks;
using SmsStatusTracker.Web.LiveFeed;

namespace SmsStatusTracker.Tests.LiveFeed;

/// <summary>
/// Every stored change reaches what watches in this process directly, and the hub's listeners (API keys, signed-in
/// scripts) over SignalR.
/// </summary>
public sealed class LiveFeedTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryStatusChangeOfASentMessageReachesWatchersInThisProcess()
    {
        using var app = new TrackerApp();
        await WaitForFeedAsync(app);
        var seen = new ConcurrentQueue<MessageChange>();
        using var subscription = app.Services.GetRequiredService<MessageNotifications>().Subscribe(change =>
        {
            seen.Enqueue(change);
            return Task.CompletedTask;
        });

        var sent = await app.SendAsync("+15005550006");
        var final = await app.WaitForFinalAsync(sent.Id);
        // The send's own answer (queued) can be recorded after the simulator's callbacks; wait for the newest version.
        await WaitUntilAsync(() => seen.Any(c => c.Message.Id == sent.Id && c.Message.Version >= final.Version));
        var stored = (await app.Store.FindAsync(sent.Id, Ct))!;

        var mine = seen.Where(c => c.Message.Id == sent.Id).ToList();
        Assert.Equal(MessageChangeKind.Created, mine[0].Kind);
        Assert.Equal(MessageStatus.Created, mine[0].Message.Status);
        Assert.Contains(mine, c => c.Message.Status == MessageStatus.Sent);
        Assert.Contains(mine, c => c.Message.Status == MessageStatus.Delivered);
        // The feed carries the changed row: every field, the newest history entry and how many came before it.
        var row = mine.Single(c => c.Message.Version == stored.Version).Message;
        Assert.Equal(stored.History[^1].RawStatus, Assert.Single(row.History).RawStatus);
        Assert.Equal(stored.FoldedHistoryCount + stored.History.Count - 1, row.FoldedHistoryCount);
        Assert.Equal(sent.Body, row.Body);
    }

    [Fact]
    public async Task APushAfterThreeHundredDistinctCallbacksStaysSmallAndTheStoredHistoryIsBounded()
    {
        using var app = new TrackerApp();
        await WaitForFeedAsync(app);
        var pushes = new ConcurrentQueue<(Guid Id, int Bytes)>();
        var token = await ListenerKeyAsync(app);
        await using var listener = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, MessagesHub.Path), options => options.Headers["Authorization"] = "Bearer " + token)
            .Build();
        listener.On<JsonElement>(MessageFeedEvents.MessageChanged, change =>
            pushes.Enqueue((change.GetProperty("message").GetProperty("id").GetGuid(), Encoding.UTF8.GetByteCount(change.GetRawText()))));
        await listener.StartAsync(Ct);
        var message = await app.AddQueuedMessageAsync();
        var url = new Uri(app.BaseAddress, StatusCallbackRoute.PathFor(message.Id));
        using var http = app.CreateHttpClient();

        for (var i = 1; i <= 300; i++)
        {
            using var response = await http.SendAsync(SignedCallback.Request(url, SignedCallback.Form(message.Sid!, "sent", errorCode: 30000 + i)), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await WaitUntilAsync(() => pushes.Count(p => p.Id == message.Id) == 300);
        var sizes = pushes.Where(p => p.Id == message.Id).Select(p => p.Bytes).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine($"Push sizes for one message: first {sizes[0]} B, last {sizes[^1]} B, max {sizes.Max()} B");
        Assert.True(sizes.Max() < 2048, $"A push carried {sizes.Max()} bytes.");
        Assert.InRange(sizes[^1] - sizes[0], -64, 64);
        var stored = await app.Store.FindAsync(message.Id, Ct);
        Assert.Equal(StatusHistory.DefaultLimit, stored!.History.Count);
        Assert.Equal(301 - StatusHistory.DefaultLimit, stored.FoldedHistoryCount);
        Assert.Equal("queued", stored.History[0].RawStatus);
        Assert.Equal(30300, stored.History[^1].ErrorCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-an-api-key")]
    public async Task TheHubRefusesClientsThatAreNotSignedIn(string? bearer)
    {
        using var app = new TrackerApp();
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, MessagesHub.Path), options =>
            {
                if (bearer is not null)
                {
                    options.Headers["Authorization"] = "Bearer " + bearer;
                }
            })
            .Build();

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync(Ct));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    /// <summary>An API key of a new Viewer, as an integration listening to the hub holds.</summary>
    internal static async Task<string> ListenerKeyAsync(TrackerApp app)
    {
        var email = $"listener-{Guid.NewGuid():N}@example.com";
        var invited = await app.Accounts.InviteAsync(email, AppRoles.Viewer, Ct);
        Assert.True(invited.Succeeded, invited.Error);
        var (_, token) = await app.Services.GetRequiredService<ApiKeyService>().CreateAsync(invited.UserId!, "listener", Ct);
        return token;
    }

    /// <summary>Single-instance: at once; with <c>SignalR:Redis</c>: once this instance's link to the others is up.</summary>
    internal static async Task WaitForFeedAsync(TrackerApp app) =>
        await WaitUntilAsync(() => app.Services.GetRequiredService<LiveFeedStatus>().State == HubConnectionState.Connected);

    internal static async Task WaitUntilAsync(Func<bool> condition, int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for the live feed.");
            await Task.Delay(20, Ct);
        }
    }
}
