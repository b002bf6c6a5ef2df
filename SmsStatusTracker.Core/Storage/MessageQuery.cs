using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Storage;

/// <summary>Filters for listing messages. Every filter is optional; <see cref="Search"/> matches SID, recipient or body.</summary>
public sealed record MessageQuery
{
    public IReadOnlyCollection<MessageStatus> Statuses { get; init; } = [];

    public string? To { get; init; }

    public string? From { get; init; }

    public int? ErrorCode { get; init; }

    public DateTimeOffset? Since { get; init; }

    public DateTimeOffset? Until { get; init; }

    public string? Search { get; init; }

    /// <summary>Page number for offset paging; ignored when <see cref="Before"/> or <see cref="After"/> is set.</summary>
    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 25;

    /// <summary>Newest first (the default) or oldest first, by created time.</summary>
    public MessageSort Sort { get; init; }

    /// <summary>
    /// Keyset paging: the page that follows this position in <see cref="Sort"/>'s order (a page's <c>Older</c> link,
    /// which leads to older messages when newest first and to newer ones when oldest first).
    /// </summary>
    public MessageCursor? Before { get; init; }

    /// <summary>Keyset paging: the page that precedes this position in <see cref="Sort"/>'s order (a page's <c>Newer</c> link).</summary>
    public MessageCursor? After { get; init; }

    /// <summary>
    /// Count every match even past <see cref="CountCap"/>. Costs a walk over all matches (hundreds of
    /// milliseconds at a million), so it is asked for on demand ("count exactly"), never per page.
    /// </summary>
    public bool ExactCount { get; init; }

    /// <summary>Where counting stops unless <see cref="ExactCount"/> (at most <see cref="CountCap"/>).</summary>
    public int CountLimit { get; init; } = CountCap;

    public const int MaxPageSize = 200;

    /// <summary>Offset paging stops here: a deeper page would walk and drop this many rows first. Deeper goes by cursor.</summary>
    public const int MaxSkip = 10_000;

    /// <summary>Counts stop here unless <see cref="ExactCount"/>: a page then reports "10,000+".</summary>
    public const int CountCap = 10_000;

    /// <summary>
    /// Search runs on a trigram index, which needs three characters; a shorter search would read every row.
    /// Forms and the API refuse it; a store given one falls back to a scan (correct, not fast).
    /// </summary>
    public const int MinSearchLength = 3;

    /// <summary>The last page offset paging serves for <paramref name="pageSize"/>.</summary>
    public static int MaxPageFor(int pageSize) => MaxSkip / Math.Clamp(pageSize, 1, MaxPageSize) + 1;

    public int Skip => IsKeyset ? 0 : (Math.Max(Page, 1) - 1) * Math.Clamp(PageSize, 1, MaxPageSize);

    public int Take => Math.Clamp(PageSize, 1, MaxPageSize);

    public bool IsKeyset => Before is not null || After is not null;

    /// <summary>The newest page (what a live view prepends new messages to); oldest first has none, new ones go last.</summary>
    public bool IsFirstPage => Sort == MessageSort.NewestFirst && !IsKeyset && Page <= 1;

    /// <summary>
    /// Whether a store walks (created_at, id) downwards for this page: in the sort's own direction, except when paging
    /// back towards the start (<see cref="After"/>), which walks the other way and reverses what it read.
    /// </summary>
    public bool WalksDescending => (Sort == MessageSort.NewestFirst) != (After is not null && Before is null);

    /// <summary><see cref="CountLimit"/> kept within 1..<see cref="CountCap"/>.</summary>
    public int CountUpTo => Math.Clamp(CountLimit, 1, CountCap);

    /// <summary>The trimmed search text, or null when there is none.</summary>
    public string? SearchText => string.IsNullOrWhiteSpace(Search) ? null : Search.Trim();

    /// <summary>
    /// Whether <paramref name="message"/> belongs in this query's results, decided in memory the way the stores filter
    /// (exact recipient and sender, half-open time range, case-insensitive search in SID, recipient and body), so a
    /// live view can place a new message without asking the store again. Paging is not considered.
    /// </summary>
    public bool Matches(Message message)
    {
        if (Statuses.Count > 0 && !Statuses.Contains(message.Status))
        {
            return false;
        }

        if (!string.IsNullOrWhiteSpace(To) && message.To != To.Trim())
        {
            return false;
        }

        if (!string.IsNullOrWhiteSpace(From) && message.From != From.Trim())
        {
            return false;
        }

        if (ErrorCode is { } code && message.ErrorCode != code)
        {
            return false;
        }

        if (Since is { } since && message.CreatedAt < since || Until is { } until && message.CreatedAt >= until)
        {
            return false;
        }

        if (!string.IsNullOrWhiteSpace(Search))
        {
            var search = Search.Trim();
            return Contains(message.Sid, search) || Contains(message.To, search) || Contains(message.Body, search);
        }

        return true;
    }

    private static bool Contains(string? text, string search) =>
        text is not null && text.Contains(search, StringComparison.OrdinalIgnoreCase);
}
