using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using SmsStatusTracker.Core.Accounts;

namespace SmsStatusTracker.Web.LiveFeed;

/// <summary>The hub connections open on this instance, with who opened them, so they can be re-checked later.</summary>
public sealed class FeedConnections
{
    private readonly ConcurrentDictionary<string, FeedConnection> open = new(StringComparer.Ordinal);

    public int Count => open.Count;

    /// <summary>Asked on every stored change: lock-free, unlike <see cref="Count"/>, which takes every lock of the dictionary.</summary>
    public bool Any => !open.IsEmpty;

    public void Add(HubCallerContext context, Actor actor) => open[context.ConnectionId] = new FeedConnection(context, actor);

    public void Remove(string connectionId) => open.TryRemove(connectionId, out _);

    public IReadOnlyList<FeedConnection> Snapshot() => open.Values.ToList();
}

public sealed record FeedConnection(HubCallerContext Context, Actor Actor);
