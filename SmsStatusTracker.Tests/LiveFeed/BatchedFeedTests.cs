using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Tests.Functional;
using SmsStatusTracker.Tests.Infrastructure;
using SmsStatusTracker.Web.LiveFeed;

namespace SmsStatusTracker.Tests.LiveFeed;

/// <summary>
/// A listener that connects with <c>?batch=1</c> hears every change once, in order, several per
/// <see cref="MessageFeedEvents.MessagesChanged"/> frame; a listener connected without it keeps hearing one
/// <see cref="MessageFeedEvents.MessageChanged"/> per change. Neither hears the other's event.
/// </summary>
public sealed class BatchedFeedTests
{
    private const int Changes = 1500;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ABatchedListenerHearsEveryChangeOnceInOrderWhileAPerChangeListenerStillHearsOneEventPerChange()
    {
        // A window long enough that a quick run of changes fills it past the cap of a frame.
        using var app = new TrackerApp(new() { ["LiveFeed:BatchInterval"] = "00:00:00.100" });
        await LiveFeedTests.WaitForFeedAsync(app);
        var token = await LiveFeedTests.ListenerKeyAsync(app);
        await using var batched = await Listener.ConnectAsync(app, MessagesHub.BatchedPath, token);
        await using var each = await Listener.ConnectAsync(app, MessagesHub.Path, token);
        var notifier = app.Services.GetRequiredService<IMessageChangeNotifier>();
        await HearingBothAsync(notifier, batched, each);

        var published = new List<Guid>();
        for (var i = 1; i <= Changes; i++)
        {
            var message = TestMessages.Stored(i);
            published.Add(message.Id);
            await notifier.MessageChangedAsync(message, i % 2 == 0 ? MessageChangeKind.StatusChanged : MessageChangeKind.Created, Ct);
        }

        await LiveFeedTests.WaitUntilAsync(() => batched.Heard(published[^1]) && each.Heard(published[^1]));
        var ids = published.ToHashSet();
        var frames = batched.Frames.Select(f => f.GetProperty("changes").EnumerateArray().ToList()).Where(f => f.Any(c => ids.Contains(Id(c)))).ToList();
        Assert.Equal(published, frames.SelectMany(f => f).Select(Id).Where(ids.Contains));
        Assert.Contains(frames, f => f.Count > 1);
        Assert.All(frames, f => Assert.InRange(f.Count, 1, MessageFeedBatcher.MaxChangesPerFrame));
        Assert.All(batched.Frames, f => Assert.Equal(MessageFeedEvents.Version, f.GetProperty("version").GetInt32()));
        var perChange = each.Events.Where(e => ids.Contains(Id(e))).ToList();
        Assert.Equal(published, perChange.Select(Id));
        // A batched change is exactly the event a per-change listener hears, byte for byte.
        Assert.Equal(perChange.Select(e => e.GetRawText()), frames.SelectMany(f => f).Where(c => ids.Contains(Id(c))).Select(c => c.GetRawText()));
        Assert.Empty(batched.Events);
        Assert.Empty(each.Frames);
        TestContext.Current.TestOutputHelper?.WriteLine($"{Changes} changes in {frames.Count} frames, largest {frames.Max(f => f.Count)}");
    }

    /// <summary>
    /// A connection joins its group after the hub has checked its caller, a moment after <c>StartAsync</c> returns:
    /// probe changes until both listeners hear them.
    /// </summary>
    internal static async Task HearingBothAsync(IMessageChangeNotifier notifier, Listener batched, Listener each)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var probe = TestMessages.Stored(0);
            await notifier.MessageChangedAsync(probe, MessageChangeKind.Created, Ct);
            await Task.Delay(100, Ct);
            if (batched.Heard(probe.Id) && each.Heard(probe.Id))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "The listeners never heard a change.");
        }
    }

    internal static Guid Id(JsonElement change) => change.GetProperty("message").GetProperty("id").GetGuid();

    /// <summary>A hub client (API key, no enum converter, as a JavaScript client) that records both events raw.</summary>
    internal sealed class Listener(HubConnection connection) : IAsyncDisposable
    {
        public ConcurrentQueue<JsonElement> Events { get; } = new();

        public ConcurrentQueue<JsonElement> Frames { get; } = new();

        public static async Task<Listener> ConnectAsync(TrackerApp app, string path, string token)
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(app.BaseAddress, path), options => options.Headers["Authorization"] = "Bearer " + token)
                .Build();
            var listener = new Listener(connection);
            connection.On<JsonElement>(MessageFeedEvents.MessageChanged, change => listener.Events.Enqueue(change.Clone()));
            connection.On<JsonElement>(MessageFeedEvents.MessagesChanged, frame => listener.Frames.Enqueue(frame.Clone()));
            await connection.StartAsync(Ct);
            return listener;
        }

        public bool Heard(Guid id) =>
            Events.Any(e => Id(e) == id) || Frames.Any(f => f.GetProperty("changes").EnumerateArray().Any(c => Id(c) == id));

        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }
}
