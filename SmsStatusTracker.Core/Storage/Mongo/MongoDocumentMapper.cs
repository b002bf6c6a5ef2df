using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>
/// Converts between the domain records and their stored documents. A name this version does not know (written by a
/// newer one during a rolling deploy) reads without failing the document or the page it is on: a status as
/// <see cref="UnrecognizedStatus"/> (shown as "outcome unknown"; the history keeps Twilio's raw status), an event
/// outcome as <see cref="StatusEventOutcome.Unrecognized"/>, an event source as <see cref="StatusEventSource.Local"/>,
/// an encoding as what the body needs.
/// </summary>
internal static class MongoDocumentMapper
{
    public const MessageStatus UnrecognizedStatus = MessageStatus.OutcomeUnknown;

    public static MessageDocument ToDocument(Message message) => new()
    {
        Id = message.Id,
        Sid = message.Sid,
        To = message.To,
        From = message.From,
        Body = message.Body,
        Segments = message.Segments,
        Encoding = message.Encoding.ToString(),
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
        Schedule = message.Schedule is { } schedule ? ToDocument(schedule) : null,
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
        Encoding = Known<SmsEncoding>(document.Encoding) ?? SmsSegmentCounter.Count(document.Body).Encoding,
        Status = MessageStatusNames.TryParse(document.Status, out var status) ? status : UnrecognizedStatus,
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
        Schedule = document.Schedule is { } schedule ? ToSchedule(schedule) : null,
        Version = document.Version,
    };

    private static ScheduleDocument ToDocument(Scheduling.MessageSchedule schedule) => new()
    {
        SendAt = schedule.SendAt.UtcDateTime,
        RequestedFor = schedule.RequestedFor?.UtcDateTime,
        ViaTwilio = schedule.ViaTwilio,
        HeldForQuietHours = schedule.HeldForQuietHours,
        UserId = schedule.UserId,
        ApiKeyId = schedule.ApiKeyId,
        ClaimedAt = schedule.ClaimedAt?.UtcDateTime,
        ClaimId = schedule.ClaimId,
    };

    private static Scheduling.MessageSchedule ToSchedule(ScheduleDocument document) => new()
    {
        SendAt = ToOffset(document.SendAt),
        RequestedFor = document.RequestedFor is { } requested ? ToOffset(requested) : null,
        ViaTwilio = document.ViaTwilio,
        HeldForQuietHours = document.HeldForQuietHours,
        UserId = document.UserId,
        ApiKeyId = document.ApiKeyId,
        ClaimedAt = document.ClaimedAt is { } claimed ? ToOffset(claimed) : null,
        ClaimId = document.ClaimId,
    };

    public static StatusEventDocument ToDocument(StatusEvent statusEvent) => new()
    {
        RawStatus = statusEvent.RawStatus,
        Source = statusEvent.Source.ToString(),
        ReceivedAt = statusEvent.ReceivedAt.UtcDateTime,
        ErrorCode = statusEvent.ErrorCode,
        ErrorMessage = statusEvent.ErrorMessage,
        IdempotencyToken = statusEvent.IdempotencyToken,
        RawDlrDoneDate = statusEvent.RawDlrDoneDate,
        Outcome = statusEvent.Outcome.ToString(),
    };

    public static StatusEvent ToEvent(StatusEventDocument document) => new()
    {
        RawStatus = document.RawStatus,
        Source = Known<StatusEventSource>(document.Source) ?? StatusEventSource.Local,
        ReceivedAt = ToOffset(document.ReceivedAt),
        ErrorCode = document.ErrorCode,
        ErrorMessage = document.ErrorMessage,
        IdempotencyToken = document.IdempotencyToken,
        RawDlrDoneDate = document.RawDlrDoneDate,
        Outcome = Known<StatusEventOutcome>(document.Outcome) ?? StatusEventOutcome.Unrecognized,
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

    // Names only: Enum.TryParse alone would also take "7" or "Gsm7, Ucs2".
    private static T? Known<T>(string name) where T : struct, Enum =>
        Enum.TryParse<T>(name, ignoreCase: false, out var value) && Enum.IsDefined(value) && name == value.ToString() ? value : null;

    // BSON dates carry no offset: values come back in UTC, equal (same instant) to what was stored.
    private static DateTimeOffset ToOffset(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
}
