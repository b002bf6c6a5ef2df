using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;
using static SmsStatusTracker.Tests.Infrastructure.TestMessages;
using static SmsStatusTracker.Tests.Storage.MessageStoreTestData;

namespace SmsStatusTracker.Tests.Storage;

/// <summary>
/// What every <see cref="IMessageStore"/> adapter must do. Each concrete subclass supplies a fresh, empty,
/// initialised store per test on a real database engine.
/// </summary>
public abstract partial class MessageStoreContract : IAsyncLifetime
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new, empty, initialised store for the running test. Calls <c>Assert.Skip</c> when its engine is missing.</summary>
    protected abstract Task<IMessageStore> CreateStoreAsync();

    /// <summary>Another store instance (as a second app instance would open) over the same data as <paramref name="first"/>.</summary>
    protected abstract Task<IMessageStore> OpenSecondInstanceAsync(IMessageStore first);

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public abstract ValueTask DisposeAsync();

    [Fact]
    public async Task InitializeCanRunAgainOnAnInitialisedStore()
    {
        var store = await CreateStoreAsync();
        var message = Stored(1, sid: "SM_init");
        await store.AddAsync(message, Ct);

        await store.InitializeAsync(Ct);

        AssertSameMessage(message, await store.FindAsync(message.Id, Ct));
    }

    [Fact]
    public async Task AddedMessageIsFoundByIdWithEveryFieldAndItsHistory()
    {
        var store = await CreateStoreAsync();
        var message = FullyPopulated("SM0000000000000000000000000000id01");

        await store.AddAsync(message, Ct);

        AssertSameMessage(message, await store.FindAsync(message.Id, Ct));
    }

    [Fact]
    public async Task AddedMessageIsFoundBySidWithEveryFieldAndItsHistory()
    {
        var store = await CreateStoreAsync();
        var message = FullyPopulated("SM0000000000000000000000000000sid1");
        await store.AddAsync(Stored(1, sid: "SM_other"), Ct);

        await store.AddAsync(message, Ct);

        AssertSameMessage(message, await store.FindBySidAsync(message.Sid!, Ct));
    }

    [Fact]
    public async Task FindReturnsNullForAnUnknownIdOrSid()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(Stored(1, sid: "SM_known"), Ct);

        Assert.Null(await store.FindAsync(Guid.NewGuid(), Ct));
        Assert.Null(await store.FindBySidAsync("SM_unknown", Ct));
    }

    [Fact]
    public async Task AddingASecondMessageWithTheSameIdThrowsDuplicateMessage()
    {
        var store = await CreateStoreAsync();
        var first = Stored(1, sid: "SM_first");
        await store.AddAsync(first, Ct);

        await Assert.ThrowsAsync<DuplicateMessageException>(
            () => store.AddAsync(Stored(2, sid: "SM_second") with { Id = first.Id }, Ct));

        AssertSameMessage(first, await store.FindAsync(first.Id, Ct));
        Assert.Null(await store.FindBySidAsync("SM_second", Ct));
    }

    [Fact]
    public async Task AddingASecondMessageWithTheSameSidThrowsDuplicateMessage()
    {
        var store = await CreateStoreAsync();
        var first = Stored(1, sid: "SM_shared");
        await store.AddAsync(first, Ct);
        var second = Stored(2, sid: "SM_shared");

        await Assert.ThrowsAsync<DuplicateMessageException>(() => store.AddAsync(second, Ct));

        Assert.Null(await store.FindAsync(second.Id, Ct));
        Assert.Equal(first.Id, (await store.FindBySidAsync("SM_shared", Ct))?.Id);
    }

    [Fact]
    public async Task ManyMessagesWithoutSidCanBeStored()
    {
        var store = await CreateStoreAsync();
        var messages = Enumerable.Range(1, 3).Select(n => Stored(n)).ToArray();

        foreach (var message in messages)
        {
            await store.AddAsync(message, Ct);
        }

        foreach (var message in messages)
        {
            AssertSameMessage(message, await store.FindAsync(message.Id, Ct));
        }
    }

    [Fact]
    public async Task UpdateAppliesTheChangeStoresItAndIncrementsTheVersion()
    {
        var store = await CreateStoreAsync();
        var message = Stored(1) with { Version = 4 };
        await store.AddAsync(message, Ct);
        var sent = Observation("sent", 90);

        var updated = await store.UpdateAsync(message.Id, m => StatusTransitions.Apply(m with { Sid = "SM_assigned" }, sent), Ct);

        var expected = StatusTransitions.Apply(message with { Sid = "SM_assigned" }, sent) with { Version = 5 };
        AssertSameMessage(expected, updated);
        AssertSameMessage(expected, await store.FindAsync(message.Id, Ct));
        AssertSameMessage(expected, await store.FindBySidAsync("SM_assigned", Ct));
    }

    [Fact]
    public async Task UpdateSetsTheVersionItselfWhateverTheChangeReturns()
    {
        var store = await CreateStoreAsync();
        var message = Stored(1) with { Version = 10 };
        await store.AddAsync(message, Ct);

        var updated = await store.UpdateAsync(message.Id, m => m with { Body = "edited", Version = 99 }, Ct);

        Assert.Equal(11, updated?.Version);
        Assert.Equal(11, (await store.FindAsync(message.Id, Ct))?.Version);
        Assert.Equal("edited", (await store.FindAsync(message.Id, Ct))?.Body);
    }

    [Fact]
    public async Task UpdateOfAnUnknownIdReturnsNullWithoutCallingTheChange()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(Stored(1), Ct);
        var called = false;

        var result = await store.UpdateAsync(Guid.NewGuid(), m => { called = true; return m; }, Ct);

        Assert.Null(result);
        Assert.False(called);
    }

    [Fact]
    public async Task UpdateGivingAMessageAnotherMessagesSidThrowsDuplicateMessageAndChangesNothing()
    {
        var store = await CreateStoreAsync();
        var owner = Stored(1, sid: "SM_taken");
        var other = Stored(2);
        await store.AddAsync(owner, Ct);
        await store.AddAsync(other, Ct);

        await Assert.ThrowsAsync<DuplicateMessageException>(
            () => store.UpdateAsync(other.Id, m => m with { Sid = "SM_taken" }, Ct));

        AssertSameMessage(other, await store.FindAsync(other.Id, Ct));
        AssertSameMessage(owner, await store.FindBySidAsync("SM_taken", Ct));
    }

    [Fact]
    public async Task ConcurrentUpdatesLoseNoHistoryEntryAndEndInTheHighestStatus()
    {
        var store = await CreateStoreAsync();
        await AssertConcurrentUpdatesAreSerialisedAsync([store]);
    }

    [Fact]
    public async Task ConcurrentUpdatesFromTwoStoreInstancesLoseNoHistoryEntryAndNeverRegress()
    {
        var first = await CreateStoreAsync();
        var second = await OpenSecondInstanceAsync(first);
        await AssertConcurrentUpdatesAreSerialisedAsync([first, second]);
    }

    private static async Task AssertConcurrentUpdatesAreSerialisedAsync(IMessageStore[] stores)
    {
        var initial = Stored(1, sid: "SM_concurrent") with { Version = 1 };
        await stores[0].AddAsync(initial, Ct);
        string[] known = ["accepted", "scheduled", "queued", "sending", "sent", "partially_delivered", "delivered", "read"];
        var observations = Enumerable.Range(0, 20)
            .Select(i => Observation(i < known.Length ? known[i] : $"carrier_status_{i}", 100 + i))
            .ToArray();

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = observations.Select((observation, i) => Task.Run(
            async () =>
            {
                await start.Task;
                return await stores[i % stores.Length].UpdateAsync(initial.Id, m => StatusTransitions.Apply(m, observation), Ct);
            },
            Ct)).ToArray();
        start.SetResult();
        var results = await Task.WhenAll(writers);

        var stored = await stores[^1].FindAsync(initial.Id, Ct);
        Assert.NotNull(stored);
        Assert.Equal(
            observations.Select(o => o.IdempotencyToken).Order(StringComparer.Ordinal),
            stored.History.Select(e => e.IdempotencyToken).Order(StringComparer.Ordinal));
        Assert.Equal(initial.Version + observations.Length, stored.Version);
        // Read outranks everything here and nothing final but delivered precedes it, so every order ends there.
        Assert.Equal(MessageStatus.Read, stored.Status);
        Assert.Equal(observations.Max(o => o.ReceivedAt).UtcDateTime, stored.UpdatedAt.UtcDateTime);
        Assert.Equal(observations.Single(o => o.RawStatus == "delivered").ReceivedAt.UtcDateTime, stored.DeliveredAt?.UtcDateTime);

        // Each change saw all earlier ones: replaying the stored order yields the same outcomes.
        var replayed = stored.History.Aggregate(
            initial,
            (message, recorded) => StatusTransitions.Apply(message, recorded with { Outcome = StatusEventOutcome.Applied }));
        Assert.Equal(replayed.History.Select(e => e.Outcome), stored.History.Select(e => e.Outcome));
        Assert.Equal(1, stored.History.Count(e => e.Status == MessageStatus.Read && e.Outcome == StatusEventOutcome.Applied));
        Assert.Equal(
            results.Select(r => r?.Version).Order(),
            Enumerable.Range(1, observations.Length).Select(i => (long?)(initial.Version + i)));
    }

    [Fact]
    public async Task ParkedEventsAreFoundBySidOldestFirstAndCanBeRemoved()
    {
        var store = await CreateStoreAsync();
        var delivered = Parked("SM_parked", "delivered", 30);
        var sent = Parked("SM_parked", "sent", 10);
        var otherSid = Parked("SM_elsewhere", "sent", 5);
        foreach (var parked in new[] { delivered, sent, otherSid })
        {
            await store.ParkAsync(parked, Ct);
        }

        var found = await store.FindParkedAsync("SM_parked", Ct);

        Assert.Equal(InUtc([sent, delivered]), InUtc(found));
        await store.RemoveParkedAsync([sent.Id, delivered.Id], Ct);
        Assert.Empty(await store.FindParkedAsync("SM_parked", Ct));
        Assert.Equal(InUtc([otherSid]), InUtc(await store.FindParkedAsync("SM_elsewhere", Ct)));
    }

    [Fact]
    public async Task ParkingTheSameEventTwiceKeepsItOnce()
    {
        var store = await CreateStoreAsync();
        var parked = Parked("SM_twice", "sent", 1);

        await store.ParkAsync(parked, Ct);
        await store.ParkAsync(parked, Ct);

        Assert.Equal(InUtc([parked]), InUtc(await store.FindParkedAsync("SM_twice", Ct)));
    }

    [Fact]
    public async Task RemovingNoOrUnknownParkedIdsChangesNothing()
    {
        var store = await CreateStoreAsync();
        var parked = Parked("SM_stays", "queued", 1);
        await store.ParkAsync(parked, Ct);

        await store.RemoveParkedAsync([], Ct);
        await store.RemoveParkedAsync([Guid.NewGuid()], Ct);

        Assert.Equal(InUtc([parked]), InUtc(await store.FindParkedAsync("SM_stays", Ct)));
    }
}
