using System.Collections.Immutable;

namespace SmsStatusTracker.Web.Presence;

/// <summary>A signed-in person with at least one open, connected page on this instance.</summary>
public sealed record OnlineUser(string UserId, string Name);

/// <summary>
/// Who is online now, from the circuits of this process (<see cref="PresenceCircuitHandler"/>): a user is online
/// while at least one of their pages is connected, so two tabs count once and closing one keeps them online.
/// Per process by design: with several instances (SignalR:Redis) each shows only the people connected to it.
/// Watchers are called on the thread that made the change; components marshal with InvokeAsync.
/// </summary>
public sealed class PresenceTracker
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, (OnlineUser User, int Pages)> online = [];
    private ImmutableArray<Action> watchers = [];

    /// <summary>Everyone online, by name.</summary>
    public IReadOnlyList<OnlineUser> Online
    {
        get
        {
            lock (gate)
            {
                return [.. online.Values.Select(v => v.User).OrderBy(u => u.Name, StringComparer.OrdinalIgnoreCase)];
            }
        }
    }

    public IDisposable Watch(Action onChange)
    {
        ImmutableInterlocked.Update(ref watchers, list => list.Add(onChange));
        return new Unwatch(() => ImmutableInterlocked.Update(ref watchers, list => list.Remove(onChange)));
    }

    /// <summary>One more connected page of <paramref name="user"/>.</summary>
    public void PageConnected(OnlineUser user)
    {
        bool changed;
        lock (gate)
        {
            changed = !online.TryGetValue(user.UserId, out var entry);
            online[user.UserId] = (user, changed ? 1 : entry.Pages + 1);
        }

        if (changed)
        {
            Notify();
        }
    }

    /// <summary>One page of the user went away (closed, or its connection dropped).</summary>
    public void PageDisconnected(string userId)
    {
        bool changed;
        lock (gate)
        {
            if (!online.TryGetValue(userId, out var entry))
            {
                return;
            }

            changed = entry.Pages <= 1;
            if (changed)
            {
                online.Remove(userId);
            }
            else
            {
                online[userId] = (entry.User, entry.Pages - 1);
            }
        }

        if (changed)
        {
            Notify();
        }
    }

    private void Notify()
    {
        foreach (var watcher in watchers)
        {
            watcher();
        }
    }

    private sealed class Unwatch(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
