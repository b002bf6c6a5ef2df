using System.Collections.Immutable;
using Microsoft.AspNetCore.SignalR.Client;

namespace SmsStatusTracker.Web.Hubs;

/// <summary>Whether this instance is receiving the live feed right now; shown in the app bar.</summary>
public sealed class LiveFeedStatus
{
    private ImmutableArray<Action<HubConnectionState>> watchers = [];

    public HubConnectionState State { get; private set; } = HubConnectionState.Connecting;

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
