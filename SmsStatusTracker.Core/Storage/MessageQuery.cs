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

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 25;

    public const int MaxPageSize = 200;

    public int Skip => (Math.Max(Page, 1) - 1) * Math.Clamp(PageSize, 1, MaxPageSize);

    public int Take => Math.Clamp(PageSize, 1, MaxPageSize);

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
