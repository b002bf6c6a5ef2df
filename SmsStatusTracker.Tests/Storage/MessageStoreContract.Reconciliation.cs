using SmsStatusTracker.Core.Messages;
using static SmsStatusTracker.Tests.Infrastructure.TestMessages;
using static SmsStatusTracker.Tests.Storage.MessageStoreTestData;

namespace SmsStatusTracker.Tests.Storage;

/// <summary>What reconciliation and readiness checks rely on from every store.</summary>
public abstract partial class MessageStoreContract
{
    [Fact]
    public async Task FindUnsettledLeavesOutMessagesReconciliationGaveUpOn()
    {
        var store = await CreateStoreAsync();
        var gaveUp = Stored(1, sid: "SM_gave_up", status: MessageStatus.Sent) with { UpdatedAt = T0.AddMinutes(-50), ReconciliationGaveUpAt = T0 };
        var stillTrying = Stored(2, sid: "SM_trying", status: MessageStatus.Sent) with { UpdatedAt = T0.AddMinutes(-10) };
        await store.AddAsync(gaveUp, Ct);
        await store.AddAsync(stillTrying, Ct);

        var unsettled = await store.FindUnsettledAsync(T0, 1, Ct);

        AssertSameMessages([stillTrying], unsettled);
    }

    [Fact]
    public async Task GivingUpThroughAnUpdateTakesTheMessageOutOfTheUnsettledOnes()
    {
        var store = await CreateStoreAsync();
        var message = Stored(1, sid: "SM_give_up_later", status: MessageStatus.Sent) with { UpdatedAt = T0 };
        await store.AddAsync(message, Ct);
        Assert.Single(await store.FindUnsettledAsync(T0.AddHours(1), 10, Ct));

        var updated = await store.UpdateAsync(message.Id, m => m with { ReconciliationGaveUpAt = T0.AddHours(1) }, Ct);

        Assert.Equal(T0.AddHours(1), updated!.ReconciliationGaveUpAt);
        Assert.Empty(await store.FindUnsettledAsync(T0.AddHours(1), 10, Ct));
        Assert.Equal(T0.AddHours(1), (await store.FindAsync(message.Id, Ct))!.ReconciliationGaveUpAt);
    }

    [Fact]
    public async Task PingAnswersOnAnInitialisedStore()
    {
        var store = await CreateStoreAsync();

        await store.PingAsync(Ct);
    }
}
