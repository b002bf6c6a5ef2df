using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;

namespace SmsStatusTracker.Tests.Storage;

/// <summary>Messages and events for the store contract. Times are whole milliseconds: the precision every store keeps.</summary>
internal static class MessageStoreTestData
{
    /// <summary>Deliberately not UTC: stores may hand back another offset, but the same instant.</summary>
    public static readonly DateTimeOffset T0 = new(2025, 3, 14, 9, 26, 53, 589, TimeSpan.FromHours(2));

    private static readonly IReadOnlyList<StatusEvent> NoHistory = [];

    public static Message NewMessage(
        int n,
        string? sid = null,
        DateTimeOffset? createdAt = null,
        MessageStatus status = MessageStatus.Created,
        string? to = null,
        string from = "+15550001111",
        string? body = null,
        int? errorCode = null) => new()
        {
            Id = Guid.CreateVersion7(),
            Sid = sid,
            To = to ?? $"+1555200{n:D4}",
            From = from,
            Body = body ?? $"Message number {n}",
            Segments = 1,
            Encoding = SmsEncoding.Gsm7,
            Status = status,
            ErrorCode = errorCode,
            SentBy = "tests@example.com",
            CreatedAt = createdAt ?? T0.AddMinutes(n),
            UpdatedAt = createdAt ?? T0.AddMinutes(n),
        };

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

    public static StatusEvent Observation(string rawStatus, int n) => new()
    {
        RawStatus = rawStatus,
        Source = StatusEventSource.Callback,
        ReceivedAt = T0.AddSeconds(n),
        IdempotencyToken = $"token-{n:D2}",
    };

    public static ParkedStatusEvent Parked(string sid, string rawStatus, int secondsAfterT0) =>
        new(Guid.NewGuid(), sid, Observation(rawStatus, secondsAfterT0));

    /// <summary>
    /// Stores must keep the instant, not the offset (BSON dates have none), and xunit compares offsets too:
    /// so times are compared in UTC.
    /// </summary>
    public static Message InUtc(Message message) => message with
    {
        CreatedAt = message.CreatedAt.ToUniversalTime(),
        UpdatedAt = message.UpdatedAt.ToUniversalTime(),
        SentAt = message.SentAt?.ToUniversalTime(),
        DeliveredAt = message.DeliveredAt?.ToUniversalTime(),
        ReconciliationGaveUpAt = message.ReconciliationGaveUpAt?.ToUniversalTime(),
        History = message.History.Select(InUtc).ToArray(),
    };

    public static StatusEvent InUtc(StatusEvent statusEvent) => statusEvent with { ReceivedAt = statusEvent.ReceivedAt.ToUniversalTime() };

    public static IEnumerable<ParkedStatusEvent> InUtc(IEnumerable<ParkedStatusEvent> parked) =>
        parked.Select(p => p with { Event = InUtc(p.Event) });

    public static void AssertSameMessage(Message expected, Message? actual)
    {
        Assert.NotNull(actual);
        var (want, got) = (InUtc(expected), InUtc(actual));
        // Records compare lists by reference, so the history is compared element by element instead.
        Assert.Equal(want with { History = NoHistory }, got with { History = NoHistory });
        Assert.Equal(want.History, got.History);
    }

    public static void AssertSameMessages(IEnumerable<Message> expected, IEnumerable<Message> actual) =>
        Assert.Equal(expected.Select(m => m.Id), actual.Select(m => m.Id));
}
