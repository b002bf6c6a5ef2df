using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;

namespace SmsStatusTracker.Web.Endpoints.Messages;

/// <summary>A message as the REST API shows it: camelCase, wire status names (the <see cref="DisplayedStatus"/>, so
/// <c>unresolved</c> once reconciliation gave up), ISO-8601 UTC times.</summary>
public sealed record MessageResponse(
    Guid Id,
    string? Sid,
    string To,
    string From,
    string Body,
    string Status,
    int? ErrorCode,
    string? ErrorMessage,
    int Segments,
    string Encoding,
    string SentBy,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    Guid? ResentFromId,
    IReadOnlyList<StatusEventResponse> History,
    int FoldedHistoryCount)
{
    /// <summary>When and how a scheduled message is to be sent; absent for a message sent at once.</summary>
    public ScheduleResponse? Schedule { get; init; }

    public static MessageResponse Of(Message message) => new(
        message.Id,
        message.Sid,
        message.To,
        message.From,
        message.Body,
        DisplayedStatus.WireName(message),
        message.ErrorCode,
        message.ErrorMessage,
        message.Segments,
        message.Encoding == SmsEncoding.Gsm7 ? "GSM-7" : "UCS-2",
        message.SentBy,
        message.CreatedAt.UtcDateTime,
        message.UpdatedAt.UtcDateTime,
        message.ResentFromId,
        message.History.Select(StatusEventResponse.Of).ToArray(),
        message.FoldedHistoryCount) { Schedule = ScheduleResponse.Of(message.Schedule) };
}

/// <summary>
/// One page of <c>GET /api/messages</c>. <c>total</c> is exact when <c>totalIsExact</c>, else a lower bound (counting
/// stops at 10,000; ask <c>exactCount=true</c>). <c>older</c>/<c>newer</c> are cursors for <c>before=</c>/<c>after=</c>,
/// null at either end; <c>page</c> is 0 on a page read by cursor.
/// </summary>
public sealed record MessageListResponse(IReadOnlyList<MessageResponse> Items, long Total, int Page, int PageSize)
{
    public bool TotalIsExact { get; init; } = true;

    public string? Older { get; init; }

    public string? Newer { get; init; }

    public static MessageListResponse Of(MessagePage page) =>
        new(page.Items.Select(MessageResponse.Of).ToArray(), page.Total, page.Page, page.PageSize)
        {
            TotalIsExact = page.TotalIsExact,
            Older = page.Older?.ToString(),
            Newer = page.Newer?.ToString(),
        };
}
