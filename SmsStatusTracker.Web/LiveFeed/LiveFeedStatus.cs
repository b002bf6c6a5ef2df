using System.Collections.Immutable;
using Microsoft.AspNetCore.SignalR.Client;

namespace SmsStatusTracker.Web.LiveFeed;

/// <summary>
/// Whether this instance's pages receive every change right now; shown in the app bar. A single instance is
/// always connected (its changes never leave the process); with <c>SignalR:Redis</c> it follows the Redis link.
/// </summary>
public sealed class LiveFeedStatus
{
    private ImmutableArray<Action<HubConnectionState>> watchers = [];

    public LiveFeedStatus(HubConnectionState initial = HubConnectionState.Connected) => State = initial;

    public HubConnectionState State { get; private set; }

    public IDisposable Watch(Action<HubConnectionState> onChange)
    {
        ImmutableInterlocked.Update(ref watchers, list => list.Add(onChange));
        return new Unwatch(() => ImmutableInterlocked.Update(ref watchers, list => list.Remove(onChange)));
    }

    internal void Set(HubConnectionState state)
    {
        State = state;
        foreach (var watcher in watchers)
        {
            watcher(state);
        }
    }

    private sealed class Unwatch(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
