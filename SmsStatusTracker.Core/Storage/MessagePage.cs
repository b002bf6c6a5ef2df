using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Storage;

/// <summary>
/// One page of the log. <see cref="Total"/> is exact when <see cref="TotalIsExact"/>; otherwise at least that
/// many match (counting stopped at <see cref="MessageQuery.CountCap"/>). <see cref="Page"/> is 0 for a
/// keyset page. <see cref="Older"/> and <see cref="Newer"/> continue from this page, null when nothing is there.
/// </summary>
public sealed record MessagePage(IReadOnlyList<Message> Items, long Total, int Page, int PageSize)
{
    public bool TotalIsExact { get; init; } = true;

    public MessageCursor? Older { get; init; }

    public MessageCursor? Newer { get; init; }

    /// <summary>
    /// The page a store read for <paramref name="query"/>: <paramref name="items"/> newest first, <paramref name="more"/>
    /// when a row lay past them in the direction read (older, or newer when paging by <see cref="MessageQuery.After"/>).
    /// A total that is not exact is raised to what the page itself proves exists.
    /// </summary>
    public static MessagePage Of(MessageQuery query, IReadOnlyList<Message> items, bool more, long total, bool totalIsExact)
    {
        if (HoldsEveryMatch(query, more))
        {
            (total, totalIsExact) = (items.Count, true);
        }

        var towardsNewer = query.After is not null && query.Before is null;
        var first = items.Count > 0 ? MessageCursor.Of(items[0]) : null;
        var last = items.Count > 0 ? MessageCursor.Of(items[^1]) : null;
        return new MessagePage(items, totalIsExact ? total : Math.Max(total, query.Skip + items.Count + (more ? 1 : 0)), query.IsKeyset ? 0 : Math.Max(query.Page, 1), query.Take)
        {
            TotalIsExact = totalIsExact,
            Older = towardsNewer || more ? last : null,
            Newer = towardsNewer ? (more ? first : null) : query.Before is not null || query.Skip > 0 ? first : null,
        };
    }

    /// <summary>A first page with nothing past it is its own exact count: stores need not count.</summary>
    public static bool HoldsEveryMatch(MessageQuery query, bool more) => !more && !query.IsKeyset && query.Skip == 0;
}
