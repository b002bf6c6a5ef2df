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
}
