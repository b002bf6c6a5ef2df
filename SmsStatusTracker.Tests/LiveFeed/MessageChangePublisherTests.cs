using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Tests.Infrastructure;
using SmsStatusTracker.Web.LiveFeed;

namespace SmsStatusTracker.Tests.LiveFeed;

/// <summary>A change stored here reaches this process's pages directly, and the hub only when someone can be listening.</summary>
public sealed class MessageChangePublisherTests
{
    private readonly MessageNotifications local = new(NullLogger<MessageNotifications>.Instance);
    private readonly RecordingHub hub = new();
    private readonly FeedConnections connections = new();
    private readonly MessageFeedBatcher batcher;

    public MessageChangePublisherTests() =>
        batcher = new(hub, Options.Create(new LiveFeedOptions()), TimeProvider.System, NullLogger<MessageFeedBatcher>.Instance);

    private MessageChangePublisher Publisher => new(local, hub, connections, batcher, NullLogger<MessageChangePublisher>.Instance);

    [Fact]
    public async Task WithNoHubConnectionsAChangeReachesThePagesHereAndNothingIsSentToTheHub()
    {
        var seen = new List<MessageChange>();
        using var subscription = local.Subscribe(change =>
        {
            seen.Add(change);
            return Task.CompletedTask;
        });
        var message = TestMessages.Stored(1);

        await Publisher.MessageChangedAsync(message, MessageChangeKind.Created, TestContext.Current.CancellationToken);

        Assert.Equal(message.Id, Assert.Single(seen).Message.Id);
        await batcher.StartAsync(TestContext.Current.CancellationToken);
        await batcher.StopAsync(TestContext.Current.CancellationToken);
        Assert.Empty(hub.Sends);
    }

    [Fact]
    public async Task WithAHubConnectionOnThisInstanceTheChangeIsSentOnceToThePerChangeGroupAndOnceInABatchedFrame()
    {
        var seen = 0;
        using var subscription = local.Subscribe(_ =>
        {
            seen++;
            return Task.CompletedTask;
        });
        connections.Add(new FakeCallerContext(), new Actor("user-1"));
        var message = TestMessages.Stored(1);

        await Publisher.MessageChangedAsync(message, MessageChangeKind.StatusChanged, TestContext.Current.CancellationToken);
        await batcher.StartAsync(TestContext.Current.CancellationToken);
        await batcher.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, seen);
        var (to, _, payload) = Assert.Single(hub.Sends, s => s.Method == MessageFeedEvents.MessageChanged);
        Assert.Equal(MessageFeedGroups.EachChange, to);
        Assert.Equal(message.Id, ((MessageChangedEvent)payload!).Message.Id);
        var frame = Assert.Single(hub.Frames());
        Assert.Same(payload, Assert.Single(frame.Changes));
        Assert.Equal(MessageFeedGroups.Batched, Assert.Single(hub.Sends, s => s.Method == MessageFeedEvents.MessagesChanged).To);
        Assert.Equal(2, hub.Sends.Count);
    }

    private sealed class FakeCallerContext : HubCallerContext
    {
        public override string ConnectionId { get; } = Guid.NewGuid().ToString("N");

        public override string? UserIdentifier => null;

        public override ClaimsPrincipal? User => null;

        public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();

        public override IFeatureCollection Features { get; } = new FeatureCollection();

        public override CancellationToken ConnectionAborted => CancellationToken.None;

        public override void Abort()
        {
        }
    }
}
