namespace SmsStatusTracker.Core.ActivityLog;

/// <summary>
/// Which entries to list, newest first. Every filter is optional; <see cref="Actor"/> matches any part of the
/// actor, ignoring case. The stores answer from an index on (time, id), or (kind, time, id) with a kind.
/// </summary>
public sealed record ActivityQuery
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public ActivityKind? Kind { get; init; }

    public string? Actor { get; init; }

    /// <summary>Entries at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Entries strictly before this time.</summary>
    public DateTimeOffset? Before { get; init; }

    /// <summary>Continue after this entry (the previous page's <see cref="ActivityPage.Next"/>).</summary>
    public ActivityCursor? After { get; init; }

    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>The page size the stores use: at least 1, at most <see cref="MaxPageSize"/>.</summary>
    public int Limit => Math.Clamp(PageSize, 1, MaxPageSize);

    /// <summary>The actor filter trimmed, or null when it filters nothing.</summary>
    public string? ActorText => string.IsNullOrWhiteSpace(Actor) ? null : Actor.Trim();

    /// <summary>Whether <paramref name="entry"/> passes the filters (not the cursor): the contract tests' reference.</summary>
    public bool Matches(ActivityEntry entry) =>
        (Kind is null || entry.Kind == Kind)
        && (ActorText is null || entry.Actor.Contains(ActorText, StringComparison.OrdinalIgnoreCase))
        && (Since is null || entry.At >= Since)
        && (Before is null || entry.At < Before);
}

/// <summary>One page of the log, newest first, and where the next (older) page starts; null when this is the last.</summary>
public sealed record ActivityPage(IReadOnlyList<ActivityEntry> Entries, ActivityCursor? Next)
{
    /// <summary>
    /// The page from up to <paramref name="limit"/> + 1 rows read newest first: one row more than the page means
    /// there is a next page, starting after the page's last row. A row whose entry could not be read is left out
    /// but still counts, so paging neither stops early nor repeats.
    /// </summary>
    public static ActivityPage From(IReadOnlyList<(ActivityCursor Position, ActivityEntry? Entry)> rows, int limit)
    {
        var page = rows.Take(limit).ToList();
        var entries = page.Where(r => r.Entry is not null).Select(r => r.Entry!).ToList();
        return new ActivityPage(entries, rows.Count > limit ? page[^1].Position : null);
    }
}
