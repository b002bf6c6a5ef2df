using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>Converts between the domain records and their stored documents.</summary>
internal static class MongoDocumentMapper
{
    public static MessageDocument ToDocument(Message message) => new()
    {
        Id = message.Id,
        Sid = message.Sid,
        To = message.To,
        From = message.From,
        Body = message.Body,
        Segments = message.Segments,
        Encoding = message.Encoding,
        Status = message.Status.ToWireName(),
        IsFinal = message.IsFinal,
        ErrorCode = message.ErrorCode,
        ErrorMessage = message.ErrorMessage,
        SentBy = message.SentBy,
        CreatedAt = message.CreatedAt.UtcDateTime,
        UpdatedAt = message.UpdatedAt.UtcDateTime,
        SentAt = message.SentAt?.UtcDateTime,
        DeliveredAt = message.DeliveredAt?.UtcDateTime,
        RawDlrDoneDate = message.RawDlrDoneDate,
        ResentFromId = message.ResentFromId,
        History = message.History.Select(ToDocument).ToList(),
        FoldedHistoryCount = message.FoldedHistoryCount,
        ReconciliationGaveUpAt = message.ReconciliationGaveUpAt?.UtcDateTime,
        Version = message.Version,
        SearchGrams = SearchGrams.Of(message.Sid, message.To, message.Body),
    };

    public static Message ToMessage(MessageDocument document) => new()
    {
        Id = document.Id,
        Sid = document.Sid,
        To = document.To,
        From = document.From,
        Body = document.Body,
        Segments = document.Segments,
        Encoding = document.Encoding,
        Status = MessageStatusNames.TryParse(document.Status, out var status)
            ? status
            : throw new InvalidDataException($"Stored message {document.Id} has unknown status '{document.Status}'."),
        ErrorCode = document.ErrorCode,
        ErrorMessage = document.ErrorMessage,
        SentBy = document.SentBy,
        CreatedAt = ToOffset(document.CreatedAt),
        UpdatedAt = ToOffset(document.UpdatedAt),
        SentAt = document.SentAt is { } sentAt ? ToOffset(sentAt) : null,
        DeliveredAt = document.DeliveredAt is { } deliveredAt ? ToOffset(deliveredAt) : null,
        RawDlrDoneDate = document.RawDlrDoneDate,
        ResentFromId = document.ResentFromId,
        History = document.History.Select(ToEvent).ToArray(),
        FoldedHistoryCount = document.FoldedHistoryCount,
        ReconciliationGaveUpAt = document.ReconciliationGaveUpAt is { } gaveUpAt ? ToOffset(gaveUpAt) : null,
        Version = document.Version,
    };

    public static StatusEventDocument ToDocument(StatusEvent statusEvent) => new()
    {
        RawStatus = statusEvent.RawStatus,
        Source = statusEvent.Source,
        ReceivedAt = statusEvent.ReceivedAt.UtcDateTime,
        ErrorCode = statusEvent.ErrorCode,
        ErrorMessage = statusEvent.ErrorMessage,
        IdempotencyToken = statusEvent.IdempotencyToken,
        RawDlrDoneDate = statusEvent.RawDlrDoneDate,
        Outcome = statusEvent.Outcome,
    };

    public static StatusEvent ToEvent(StatusEventDocument document) => new()
    {
        RawStatus = document.RawStatus,
        Source = document.Source,
        ReceivedAt = ToOffset(document.ReceivedAt),
        ErrorCode = document.ErrorCode,
        ErrorMessage = document.ErrorMessage,
        IdempotencyToken = document.IdempotencyToken,
        RawDlrDoneDate = document.RawDlrDoneDate,
        Outcome = document.Outcome,
    };

    public static ParkedStatusEventDocument ToDocument(ParkedStatusEvent parked) => new()
    {
        Id = parked.Id,
        Sid = parked.Sid,
        ReceivedAt = parked.Event.ReceivedAt.UtcDateTime,
        Event = ToDocument(parked.Event),
    };

    public static ParkedStatusEvent ToParked(ParkedStatusEventDocument document) =>
        new(document.Id, document.Sid, ToEvent(document.Event));

    // BSON dates carry no offset: values come back in UTC, equal (same instant) to what was stored.
    private static DateTimeOffset ToOffset(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
}
