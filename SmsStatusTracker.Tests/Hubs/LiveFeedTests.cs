using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Tests.Functional;
using SmsStatusTracker.Web.Hubs;
using SmsStatusTracker.Web.Notifications;

namespace SmsStatusTracker.Tests.Hubs;

/// <summary>Every stored change goes out over the SignalR hub and reaches what watches in the app.</summary>
public sealed class LiveFeedTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryStatusChangeOfASentMessageReachesWatchersThroughTheHub()
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
        await app.WaitForFinalAsync(sent.Id);
        await WaitUntilAsync(() => seen.Any(c => c.Message.Id == sent.Id && c.Message.Status == MessageStatus.Delivered));

        var mine = seen.Where(c => c.Message.Id == sent.Id).ToList();
        Assert.Equal(MessageChangeKind.Created, mine[0].Kind);
        Assert.Equal(MessageStatus.Created, mine[0].Message.Status);
        Assert.Contains(mine, c => c.Message.Status == MessageStatus.Sent);
        // The feed carries the stored message whole, history included.
        Assert.Equal(5, mine.Last(c => c.Message.Status == MessageStatus.Delivered).Message.History.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-relay-key")]
    public async Task TheHubRefusesClientsThatAreNotSignedIn(string? relayKey)
    {
        using var app = new TrackerApp();
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, MessagesHub.Path), options =>
            {
                if (relayKey is not null)
                {
                    options.Headers[MessageFeedAuthorization.RelayKeyHeader] = relayKey;
                }
            })
            .Build();

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync(Cancel));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    internal static async Task WaitForFeedAsync(TrackerApp app) =>
        await WaitUntilAsync(() => app.Services.GetRequiredService<LiveFeedStatus>().State == HubConnectionState.Connected);

    internal static async Task WaitUntilAsync(Func<bool> condition, int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for the live feed.");
            await Task.Delay(20, Cancel);
        }
    }
}
