using SmsStatusTracker.Core.Messages;

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
        message.FoldedHistoryCount);
}

public sealed record MessageListResponse(IReadOnlyList<MessageResponse> Items, long Total, int Page, int PageSize);
