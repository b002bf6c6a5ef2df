using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging.Abstractions;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Tests.Infrastructure;
using SmsStatusTracker.Web.LiveFeed;

namespace SmsStatusTracker.Tests.LiveFeed;

/// <summary>A change stored here reaches this process's pages directly, and the hub only when someone can be listening.</summary>
public sealed class MessageChangePublisherTests
{
    private readonly MessageNotifications local = new(NullLogger<MessageNotifications>.Instance);
    private readonly CountingHub hub = new();
    private readonly FeedConnections connections = new();

    private MessageChangePublisher Publisher => new(local, hub, connections, NullLogger<MessageChangePublisher>.Instance);

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
        Assert.Equal(0, hub.Sends);
    }

    [Fact]
    public async Task WithAHubConnectionOnThisInstanceTheChangeIsAlsoSentToTheHubOnce()
    {
        var seen = 0;
        using var subscription = local.Subscribe(_ =>
        {
            seen++;
            return Task.CompletedTask;
        });
        connections.Add(new FakeCallerContext(), new Actor("user-1"));

        await Publisher.MessageChangedAsync(TestMessages.Stored(1), MessageChangeKind.StatusChanged, TestContext.Current.CancellationToken);

        Assert.Equal(1, seen);
        Assert.Equal(1, hub.Sends);
    }

    private sealed class CountingHub : IHubContext<MessagesHub>, IHubClients, IClientProxy
    {
        private int sends;

        public int Sends => sends;

        IHubClients IHubContext<MessagesHub>.Clients => this;

        IGroupManager IHubContext<MessagesHub>.Groups => throw new NotSupportedException();

        public IClientProxy All => this;

        public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref sends);
            return Task.CompletedTask;
        }

        public IClientProxy AllExcept(IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

        public IClientProxy Client(string connectionId) => throw new NotSupportedException();

        public IClientProxy Clients(IReadOnlyList<string> connectionIds) => throw new NotSupportedException();

        public IClientProxy Group(string groupName) => throw new NotSupportedException();

        public IClientProxy GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

        public IClientProxy Groups(IReadOnlyList<string> groupNames) => throw new NotSupportedException();

        public IClientProxy User(string userId) => throw new NotSupportedException();

        public IClientProxy Users(IReadOnlyList<string> userIds) => throw new NotSupportedException();
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
