using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;
using static SmsStatusTracker.Tests.Infrastructure.TestMessages;
using static SmsStatusTracker.Tests.Storage.MessageStoreTestData;

namespace SmsStatusTracker.Tests.Storage;

/// <summary>The contract's part for <see cref="IMessageStore.UpdateBySidAsync"/>, the status callbacks' one store call.</summary>
public abstract partial class MessageStoreContract
{
    [Fact]
    public async Task UpdateBySidChangesTheMessageWithThatSidAndNoOther()
    {
        var store = await CreateStoreAsync();
        var target = Stored(1, MessageStatus.Queued, sid: "SM_by_sid_target", version: 4);
        var other = Stored(2, MessageStatus.Queued, sid: "SM_by_sid_other");
        await store.AddAsync(target, Ct);
        await store.AddAsync(other, Ct);

        var updated = await store.UpdateBySidAsync(target.Sid!, m => m with { Status = MessageStatus.Delivered, ErrorCode = 30003 }, Ct);

        Assert.Equal(5, updated?.Version);
        AssertSameMessage(target with { Status = MessageStatus.Delivered, ErrorCode = 30003, Version = 5 }, await store.FindAsync(target.Id, Ct));
        AssertSameMessage(other, await store.FindAsync(other.Id, Ct));
    }

    [Fact]
    public async Task UpdateBySidOfAnUnknownSidChangesNothingAndReturnsNull()
    {
        var store = await CreateStoreAsync();
        var message = Stored(1, sid: "SM_by_sid_known");
        await store.AddAsync(message, Ct);
        var ran = false;

        var updated = await store.UpdateBySidAsync("SM_by_sid_unknown", m =>
        {
            ran = true;
            return m with { Status = MessageStatus.Failed };
        }, Ct);

        Assert.Null(updated);
        Assert.False(ran);
        AssertSameMessage(message, await store.FindAsync(message.Id, Ct));
    }

    [Fact]
    public async Task UpdateBySidWhoseChangeReturnsTheMessageItWasGivenWritesNothing()
    {
        var store = await CreateStoreAsync();
        var message = Stored(1, sid: "SM_by_sid_same") with { Version = 7 };
        await store.AddAsync(message, Ct);

        var result = await store.UpdateBySidAsync(message.Sid!, m => m, Ct);

        Assert.Equal(7, result?.Version);
        AssertSameMessage(message, await store.FindAsync(message.Id, Ct));
    }

    [Fact]
    public async Task StatusSetByUpdateBySidIsWhatTheStatusFilterAndReconciliationSee()
    {
        var store = await CreateStoreAsync();
        var message = Stored(1, MessageStatus.Sent, sid: "SM_by_sid_filter");
        await store.AddAsync(message, Ct);

        await store.UpdateBySidAsync(message.Sid!, m => m with { Status = MessageStatus.Delivered }, Ct);
        // A later change that leaves the status alone must not disturb what the filters see.
        await store.UpdateBySidAsync(message.Sid!, m => m with { UpdatedAt = m.UpdatedAt.AddMinutes(1) }, Ct);

        var delivered = await store.ListAsync(new MessageQuery { Statuses = [MessageStatus.Delivered] }, Ct);
        var sent = await store.ListAsync(new MessageQuery { Statuses = [MessageStatus.Sent] }, Ct);
        Assert.Equal([message.Id], delivered.Items.Select(m => m.Id));
        Assert.Empty(sent.Items);
        Assert.Empty(await store.FindUnsettledAsync(T0.AddYears(1), 10, Ct));
    }

    [Fact]
    public async Task ConcurrentUpdatesBySidAndByIdFromTwoInstancesLoseNothing()
    {
        var first = await CreateStoreAsync();
        var second = await OpenSecondInstanceAsync(first);
        var message = Stored(1, MessageStatus.Queued, sid: "SM_by_sid_race");
        await first.AddAsync(message, Ct);

        // Each change appends its own observation; any change applied to a stale copy would drop another's.
        var writes = Enumerable.Range(0, 40).Select(i =>
        {
            Func<Message, Message> append = m => m with { History = [.. m.History, Observation("sent", i)] };
            var store = i % 2 == 0 ? first : second;
            return i % 4 == 3 ? store.UpdateAsync(message.Id, append, Ct) : store.UpdateBySidAsync(message.Sid!, append, Ct);
        });
        await Task.WhenAll(writes);

        var stored = await first.FindAsync(message.Id, Ct);
        Assert.Equal(40, stored!.History.Count);
        Assert.Equal(40, stored.Version);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => Observation("sent", i).ReceivedAt), stored.History.Select(h => h.ReceivedAt).Order());
    }
}
