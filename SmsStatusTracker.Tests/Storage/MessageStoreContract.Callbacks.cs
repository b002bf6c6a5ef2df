using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;
using static SmsStatusTracker.Tests.Infrastructure.TestMessages;
using static SmsStatusTracker.Tests.Storage.MessageStoreTestData;

namespace SmsStatusTracker.Tests.Storage;

/// <summary>The contract's part for callbacks at the edges: repeats cost no write, parked callbacks expire.</summary>
public abstract partial class MessageStoreContract
{
    [Fact]
    public async Task UpdateWhoseChangeReturnsTheMessageItWasGivenWritesNothing()
    {
        var store = await CreateStoreAsync();
        var message = Stored(1, sid: "SM_unchanged") with { Version = 3 };
        await store.AddAsync(message, Ct);

        var result = await store.UpdateAsync(message.Id, m => m, Ct);

        Assert.Equal(3, result?.Version);
        AssertSameMessage(message, await store.FindAsync(message.Id, Ct));
    }

    [Fact]
    public async Task FoldedHistoryCountIsStoredAndUpdated()
    {
        var store = await CreateStoreAsync();
        var message = Stored(1, sid: "SM_folded") with { History = [Observation("queued", 1)] };
        var never = Stored(2, sid: "SM_never_folded");
        await store.AddAsync(message, Ct);
        await store.AddAsync(never, Ct);

        var updated = await store.UpdateAsync(message.Id, m => m with { FoldedHistoryCount = 251 }, Ct);

        Assert.Equal(251, updated?.FoldedHistoryCount);
        Assert.Equal(251, (await store.FindAsync(message.Id, Ct))?.FoldedHistoryCount);
        Assert.Equal(0, (await store.FindAsync(never.Id, Ct))?.FoldedHistoryCount);
    }

    [Fact]
    public async Task RemovingParkedEventsBeforeACutoffRemovesOnlyOlderOnesAndCountsThem()
    {
        var store = await CreateStoreAsync();
        var old1 = Parked("SM_old", "sent", 10);
        var old2 = Parked("SM_old", "delivered", 20);
        var atCutoff = Parked("SM_new", "sent", 30);
        var young = Parked("SM_new", "delivered", 40);
        foreach (var parked in new[] { old1, old2, atCutoff, young })
        {
            await store.ParkAsync(parked, Ct);
        }

        var removed = await store.RemoveParkedBeforeAsync(T0.AddSeconds(30), Ct);

        Assert.Equal(2, removed);
        Assert.Empty(await store.FindParkedAsync("SM_old", Ct));
        Assert.Equal(InUtc([atCutoff, young]), InUtc(await store.FindParkedAsync("SM_new", Ct)));
        Assert.Equal(2, await store.CountParkedAsync(Ct));
        Assert.Equal(0, await store.RemoveParkedBeforeAsync(T0, Ct));
    }

    [Fact]
    public async Task CountParkedCountsEveryParkedEventWhateverItsSid()
    {
        var store = await CreateStoreAsync();
        Assert.Equal(0, await store.CountParkedAsync(Ct));

        await store.ParkAsync(Parked("SM_a", "sent", 1), Ct);
        await store.ParkAsync(Parked("SM_a", "delivered", 2), Ct);
        await store.ParkAsync(Parked("SM_b", "sent", 3), Ct);

        Assert.Equal(3, await store.CountParkedAsync(Ct));
    }
}
