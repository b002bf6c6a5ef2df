using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;
using static SmsStatusTracker.Tests.Infrastructure.TestMessages;

namespace SmsStatusTracker.Tests.Storage;

/// <summary>Events and comparisons for the store contract (its messages come from <see cref="TestMessages"/>).</summary>
internal static class MessageStoreTestData
{
    private static readonly IReadOnlyList<StatusEvent> NoHistory = [];

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
