using SmsStatusTracker.Core.Messages;
using static SmsStatusTracker.Tests.Infrastructure.TestMessages;
using static SmsStatusTracker.Tests.Storage.MessageStoreTestData;

namespace SmsStatusTracker.Tests.Storage;

// Times with sub-millisecond ticks, as a real clock gives them: every store keeps whole milliseconds, and the message
// an update returns is the one stored.
public abstract partial class MessageStoreContract
{
    private static readonly TimeSpan SubMillisecond = TimeSpan.FromTicks(4_567);

    [Fact]
    public async Task AMessageWithSubMillisecondTimesIsKeptToTheMillisecond()
    {
        var store = await CreateStoreAsync();
        var message = WithSubMillisecondTimes(FullyPopulated("SM_ticks_add"));

        await store.AddAsync(message, Ct);

        AssertSameMessage(ToMilliseconds(message), await store.FindAsync(message.Id, Ct));
    }

    [Fact]
    public async Task AnUpdateWithSubMillisecondTimesReturnsExactlyTheMessageStored()
    {
        var store = await CreateStoreAsync();
        var message = Stored(1, sid: "SM_ticks_update");
        await store.AddAsync(message, Ct);
        var at = T0.AddMinutes(5).Add(SubMillisecond);

        var returned = await store.UpdateBySidAsync("SM_ticks_update", m => m with
        {
            UpdatedAt = at,
            SentAt = at,
            History = [.. m.History, new StatusEvent { RawStatus = "sent", Source = StatusEventSource.Callback, ReceivedAt = at }],
        }, Ct);

        var stored = await store.FindAsync(message.Id, Ct);
        AssertSameMessage(stored!, returned);
        Assert.Equal(at.ToUnixTimeMilliseconds(), stored!.UpdatedAt.ToUnixTimeMilliseconds());
        Assert.Equal(0, stored.UpdatedAt.UtcTicks % TimeSpan.TicksPerMillisecond);
    }

    private static Message WithSubMillisecondTimes(Message message) => message with
    {
        CreatedAt = message.CreatedAt.Add(SubMillisecond),
        UpdatedAt = message.UpdatedAt.Add(SubMillisecond),
        SentAt = message.SentAt?.Add(SubMillisecond),
        DeliveredAt = message.DeliveredAt?.Add(SubMillisecond),
        ReconciliationGaveUpAt = message.ReconciliationGaveUpAt?.Add(SubMillisecond),
        History = message.History.Select(e => e with { ReceivedAt = e.ReceivedAt.Add(SubMillisecond) }).ToArray(),
    };

    private static Message ToMilliseconds(Message message) => message with
    {
        CreatedAt = Ms(message.CreatedAt),
        UpdatedAt = Ms(message.UpdatedAt),
        SentAt = message.SentAt is { } s ? Ms(s) : null,
        DeliveredAt = message.DeliveredAt is { } d ? Ms(d) : null,
        ReconciliationGaveUpAt = message.ReconciliationGaveUpAt is { } g ? Ms(g) : null,
        History = message.History.Select(e => e with { ReceivedAt = Ms(e.ReceivedAt) }).ToArray(),
    };

    // Written out here rather than calling StoredTimes, so the contract states the rule instead of echoing the code.
    private static DateTimeOffset Ms(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds()).ToOffset(time.Offset);
}
