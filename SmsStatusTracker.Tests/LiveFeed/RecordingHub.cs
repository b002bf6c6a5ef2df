using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using SmsStatusTracker.Web.LiveFeed;

namespace SmsStatusTracker.Tests.LiveFeed;

/// <summary>A hub context that records each send: to whom (<c>all</c> or a group's name), which event, what payload.</summary>
internal sealed class RecordingHub : IHubContext<MessagesHub>, IHubClients
{
    public const string All = "all";

    public ConcurrentQueue<(string To, string Method, object? Payload)> Sends { get; } = new();

    /// <summary>Throws instead of recording, as a send does when the Redis backplane is down.</summary>
    public Func<Exception?> Failure { get; set; } = () => null;

    IHubClients IHubContext<MessagesHub>.Clients => this;

    IGroupManager IHubContext<MessagesHub>.Groups => throw new NotSupportedException();

    IClientProxy IHubClients<IClientProxy>.All => new Proxy(this, All);

    /// <summary>The payloads of <see cref="MessageFeedEvents.MessagesChanged"/> frames, in the order they were sent.</summary>
    public List<MessagesChangedEvent> Frames() =>
        Sends.Where(s => s.Method == MessageFeedEvents.MessagesChanged).Select(s => (MessagesChangedEvent)s.Payload!).ToList();

    public IClientProxy Group(string groupName) => new Proxy(this, groupName);

    public IClientProxy AllExcept(IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

    public IClientProxy Client(string connectionId) => throw new NotSupportedException();

    public IClientProxy Clients(IReadOnlyList<string> connectionIds) => throw new NotSupportedException();

    public IClientProxy GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

    public IClientProxy Groups(IReadOnlyList<string> groupNames) => throw new NotSupportedException();

    public IClientProxy User(string userId) => throw new NotSupportedException();

    public IClientProxy Users(IReadOnlyList<string> userIds) => throw new NotSupportedException();

    private sealed class Proxy(RecordingHub hub, string to) : IClientProxy
    {
        public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default)
        {
            if (hub.Failure() is { } failure)
            {
                return Task.FromException(failure);
            }

            hub.Sends.Enqueue((to, method, args.Single()));
            return Task.CompletedTask;
        }
    }
}
