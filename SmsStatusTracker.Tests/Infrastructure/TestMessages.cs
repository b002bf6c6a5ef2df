using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Tests.Functional;

namespace SmsStatusTracker.Tests.Infrastructure;

/// <summary>
/// The one place tests build a <see cref="Message"/>: <see cref="Stored"/> with named optional parameters for
/// anything a test cares about, and presets on top of it. Fixed times unless a test passes its own, so tests never
/// read the clock by accident.
/// </summary>
internal static class TestMessages
{
    public static readonly DateTimeOffset BaseTime = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The store contract's time: whole milliseconds (the precision every store keeps) and deliberately not UTC.</summary>
    public static readonly DateTimeOffset T0 = new(2025, 3, 14, 9, 26, 53, 589, TimeSpan.FromHours(2));

    /// <summary>Message number <paramref name="n"/>: its own recipient and body, created <paramref name="n"/> minutes after <see cref="T0"/>.</summary>
    public static Message Stored(
        int n,
        MessageStatus status = MessageStatus.Created,
        string? sid = null,
        string? to = null,
        string from = "+15550001111",
        string? body = null,
        int? errorCode = null,
        string? errorMessage = null,
        string sentBy = "tests@example.com",
        DateTimeOffset? createdAt = null,
        Guid? id = null,
        long version = 0,
        IReadOnlyList<StatusEvent>? history = null) => new()
        {
            Id = id ?? Guid.CreateVersion7(),
            Sid = sid,
            To = to ?? $"+1555200{n:D4}",
            From = from,
            Body = body ?? $"Message number {n}",
            Segments = 1,
            Encoding = SmsEncoding.Gsm7,
            Status = status,
            ErrorCode = errorCode,
            ErrorMessage = errorMessage,
            SentBy = sentBy,
            CreatedAt = createdAt ?? T0.AddMinutes(n),
            UpdatedAt = createdAt ?? T0.AddMinutes(n),
            Version = version,
            History = history ?? [],
        };

    /// <summary>A message Twilio has accepted now (queued, with a SID and the send response in its history).</summary>
    public static Message Queued(string? sid = null, string from = "+15005550006", string body = "stored by a test")
    {
        var now = DateTimeOffset.UtcNow;
        return Stored(
            0,
            MessageStatus.Queued,
            sid: sid ?? SignedCallback.NewSid(),
            to: "+15005550006",
            from: from,
            body: body,
            createdAt: now,
            history: [new StatusEvent { RawStatus = "queued", Source = StatusEventSource.SendResponse, ReceivedAt = now }]);
    }

    /// <summary>A fixed message (same id, SID and times every call) for the status state machine's tests.</summary>
    public static Message New() => Stored(
        0,
        sid: "SM0123456789abcdef0123456789abcdef",
        to: "+14155550123",
        from: "+15017122661",
        body: "Your code is 1234",
        sentBy: "tester@example.com",
        createdAt: BaseTime,
        id: Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff"));

    /// <summary>A message that reached <paramref name="status"/> the ordinary way: one applied observation of it.</summary>
    public static Message InStatus(MessageStatus status)
    {
        var local = status is MessageStatus.Created or MessageStatus.OutcomeUnknown;
        var reached = new StatusEvent
        {
            RawStatus = status.ToWireName(),
            Source = local ? StatusEventSource.Local : StatusEventSource.Callback,
            ReceivedAt = BaseTime,
            IdempotencyToken = local ? null : $"reached-{status.ToWireName()}",
        };
        return New() with { Status = status, History = [reached], Version = 1 };
    }

    public static StatusEvent Callback(string rawStatus, int secondsAfterBase, int? errorCode = null, string? token = null) => new()
    {
        RawStatus = rawStatus,
        Source = StatusEventSource.Callback,
        ReceivedAt = BaseTime.AddSeconds(secondsAfterBase),
        ErrorCode = errorCode,
        ErrorMessage = errorCode is null ? null : $"Twilio error {errorCode}",
        IdempotencyToken = token ?? $"token-{rawStatus}-{secondsAfterBase}",
    };

    public static Message ApplyAll(Message message, params IEnumerable<StatusEvent> observations) =>
        observations.Aggregate(message, StatusTransitions.Apply);

    /// <summary>A message with every optional field set and a history covering every event field.</summary>
    public static Message FullyPopulated(string sid) => new()
    {
        Id = Guid.NewGuid(),
        Sid = sid,
        To = "+447700900123",
        From = "MG0123456789abcdef0123456789abcdef",
        Body = "Grüße 👋 — your code is 1234",
        Segments = 3,
        Encoding = SmsEncoding.Ucs2,
        Status = MessageStatus.Undelivered,
        ErrorCode = 30003,
        ErrorMessage = "Unreachable destination handset",
        SentBy = "alice@example.com",
        CreatedAt = T0,
        UpdatedAt = T0.AddMilliseconds(42_123),
        SentAt = T0.AddMilliseconds(2_500),
        DeliveredAt = new DateTimeOffset(2025, 3, 14, 7, 27, 30, 7, TimeSpan.Zero),
        RawDlrDoneDate = "2503140727",
        ResentFromId = Guid.NewGuid(),
        ReconciliationGaveUpAt = T0.AddHours(24).AddMilliseconds(321),
        FoldedHistoryCount = 12,
        Version = 7,
        History =
        [
            new StatusEvent { RawStatus = "queued", Source = StatusEventSource.SendResponse, ReceivedAt = T0.AddMilliseconds(1) },
            new StatusEvent
            {
                RawStatus = "sent",
                Source = StatusEventSource.Callback,
                ReceivedAt = T0.AddMilliseconds(2_500),
                IdempotencyToken = "idem-sent-1",
            },
            new StatusEvent
            {
                RawStatus = "carrier_shrug",
                Source = StatusEventSource.Poll,
                ReceivedAt = T0.AddSeconds(3),
                Outcome = StatusEventOutcome.Unrecognized,
            },
            new StatusEvent
            {
                RawStatus = "undelivered",
                Source = StatusEventSource.Callback,
                ReceivedAt = T0.AddMilliseconds(42_123),
                ErrorCode = 30003,
                ErrorMessage = "Unreachable destination handset",
                IdempotencyToken = "idem-undelivered-1",
                RawDlrDoneDate = "2503140727",
            },
            new StatusEvent
            {
                RawStatus = "sent",
                Source = StatusEventSource.Simulator,
                ReceivedAt = T0.AddSeconds(1),
                Outcome = StatusEventOutcome.Late,
            },
            new StatusEvent { RawStatus = "sent", Source = StatusEventSource.Local, ReceivedAt = T0.AddSeconds(50), Outcome = StatusEventOutcome.Duplicate },
        ],
    };
}
