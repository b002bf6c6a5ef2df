using SmsStatusTracker.Core.Bulk;
using SmsStatusTracker.Core.OptOuts;

namespace SmsStatusTracker.Tests.Bulk;

/// <summary>What every <see cref="IBulkJobStore"/> adapter must do; each subclass opens one fresh database per test.</summary>
public abstract class BulkJobStoreContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The store under test (skips when the engine is missing).</summary>
    protected abstract Task<IBulkJobStore> OpenAsync();

    /// <summary>The opt-out ledger's store on the same database.</summary>
    protected abstract Task<IOptOutStore> OpenOptOutsAsync();

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public abstract ValueTask DisposeAsync();

    [Fact]
    public async Task AJobIsStoredWithItsRowsInOrderAndCountedByOutcome()
    {
        var store = await OpenAsync();
        var job = Job();
        await store.AddAsync(job, Rows(job.Id, 5, excluded: [2]), Ct);

        var found = await store.FindAsync(job.Id, Ct);
        var rows = await store.RowsAsync(job.Id, 0, 100, excludedOnly: false, Ct);
        var counts = await store.CountAsync(job.Id, Ct);

        Assert.Equal(job, found);
        Assert.Equal([1, 2, 3, 4, 5], rows.Select(r => r.RowNumber));
        Assert.Equal("Not a number", rows[1].Error);
        Assert.Equal(4, counts[BulkRowOutcome.Pending]);
        Assert.Equal(1, counts[BulkRowOutcome.Excluded]);
        Assert.Equal([2], (await store.RowsAsync(job.Id, 0, 100, excludedOnly: true, Ct)).Select(r => r.RowNumber));
    }

    [Fact]
    public async Task PendingRowsComeInRowOrderAfterTheGivenRow()
    {
        var store = await OpenAsync();
        var job = Job();
        await store.AddAsync(job, Rows(job.Id, 10, excluded: [4]), Ct);

        var first = await store.PendingRowsAsync(job.Id, 0, 3, Ct);
        var next = await store.PendingRowsAsync(job.Id, first[^1].RowNumber, 3, Ct);

        Assert.Equal([1, 2, 3], first.Select(r => r.RowNumber));
        Assert.Equal([5, 6, 7], next.Select(r => r.RowNumber));
    }

    [Fact]
    public async Task ARowIsSettledOnceAndASecondSettlementChangesNothing()
    {
        var store = await OpenAsync();
        var job = Job();
        await store.AddAsync(job, Rows(job.Id, 2), Ct);
        var messageId = BulkRow.MessageIdFor(job.Id, 1);

        Assert.True(await store.SettleRowAsync(job.Id, 1, BulkRowOutcome.Sent, messageId, null, Ct));
        Assert.False(await store.SettleRowAsync(job.Id, 1, BulkRowOutcome.Failed, null, "late", Ct));

        var row = (await store.RowsAsync(job.Id, 0, 1, excludedOnly: false, Ct)).Single();
        Assert.Equal(BulkRowOutcome.Sent, row.Outcome);
        Assert.Equal(messageId, row.MessageId);
        Assert.Equal([2], (await store.PendingRowsAsync(job.Id, 0, 10, Ct)).Select(r => r.RowNumber));
    }

    [Fact]
    public async Task ARowCanceledWhileItsSendWasUnderWayStillRecordsTheSend()
    {
        var store = await OpenAsync();
        var job = Job();
        await store.AddAsync(job, Rows(job.Id, 3), Ct);

        Assert.Equal(3, await store.SettlePendingAsync(job.Id, BulkRowOutcome.Canceled, Ct));
        Assert.True(await store.SettleRowAsync(job.Id, 2, BulkRowOutcome.Sent, BulkRow.MessageIdFor(job.Id, 2), null, Ct));
        Assert.False(await store.SettleRowAsync(job.Id, 3, BulkRowOutcome.Failed, null, "no message", Ct));

        var counts = await store.CountAsync(job.Id, Ct);
        Assert.Equal(2, counts[BulkRowOutcome.Canceled]);
        Assert.Equal(1, counts[BulkRowOutcome.Sent]);
    }

    [Fact]
    public async Task AStateChangesOnlyFromTheExpectedStates()
    {
        var store = await OpenAsync();
        var job = Job();
        await store.AddAsync(job, Rows(job.Id, 1), Ct);

        var running = await store.TransitionAsync(job.Id, [BulkJobState.AwaitingConfirmation], BulkJobState.Running, null, T0.AddMinutes(1), Ct);
        var notPaused = await store.TransitionAsync(job.Id, [BulkJobState.Paused], BulkJobState.Running, null, T0.AddMinutes(2), Ct);
        var paused = await store.TransitionAsync(job.Id, [BulkJobState.Running], BulkJobState.Paused, "owner deactivated", T0.AddMinutes(3), Ct);
        var done = await store.TransitionAsync(job.Id, [BulkJobState.Paused, BulkJobState.Running], BulkJobState.Canceled, null, T0.AddMinutes(4), Ct);

        Assert.Equal(BulkJobState.Running, running!.State);
        Assert.Equal(BulkJobState.Running, notPaused!.State);
        Assert.Equal(T0.AddMinutes(1), notPaused.UpdatedAt);
        Assert.Equal(("owner deactivated", BulkJobState.Paused), (paused!.PausedReason, paused.State));
        Assert.Equal((BulkJobState.Canceled, T0.AddMinutes(4)), (done!.State, done.CompletedAt));
        Assert.Null(await store.TransitionAsync(Guid.NewGuid(), [BulkJobState.Running], BulkJobState.Paused, null, T0, Ct));
    }

    [Fact]
    public async Task JobsAreListedNewestFirstAndFoundByState()
    {
        var store = await OpenAsync();
        var older = Job(T0);
        var newer = Job(T0.AddMinutes(5));
        await store.AddAsync(older, Rows(older.Id, 1), Ct);
        await store.AddAsync(newer, Rows(newer.Id, 1), Ct);
        await store.TransitionAsync(older.Id, [BulkJobState.AwaitingConfirmation], BulkJobState.Running, null, T0, Ct);

        Assert.Equal([newer.Id, older.Id], (await store.ListAsync(10, Ct)).Select(j => j.Id));
        Assert.Equal([older.Id], (await store.FindInStateAsync(BulkJobState.Running, Ct)).Select(j => j.Id));
    }

    [Fact]
    public async Task TheOptedOutNumbersAmongManyAreFoundInOneCall()
    {
        var store = await OpenAsync();
        var optOuts = await OpenOptOutsAsync();
        await optOuts.AppendAsync(Entry("+14155550101", OptOutAction.OptedOut, T0), Ct);
        await optOuts.AppendAsync(Entry("+14155550102", OptOutAction.OptedOut, T0), Ct);
        await optOuts.AppendAsync(Entry("+14155550102", OptOutAction.OptedIn, T0.AddMinutes(1)), Ct);
        var numbers = Enumerable.Range(100, 1200).Select(n => $"+1415555{n:D4}").ToList();

        var optedOut = await store.OptedOutAmongAsync(numbers, Ct);

        Assert.Equal(["+14155550101"], optedOut);
    }

    [Fact]
    public void ARowsMessageIdIsDerivedFromJobAndRowAlone()
    {
        var job = Guid.NewGuid();

        Assert.Equal(BulkRow.MessageIdFor(job, 7), BulkRow.MessageIdFor(job, 7));
        Assert.NotEqual(BulkRow.MessageIdFor(job, 7), BulkRow.MessageIdFor(job, 8));
        Assert.NotEqual(BulkRow.MessageIdFor(job, 7), BulkRow.MessageIdFor(Guid.NewGuid(), 7));
    }

    protected static BulkJob Job(DateTimeOffset? at = null) => new()
    {
        Id = Guid.NewGuid(),
        OwnerUserId = "user-1",
        OwnerApiKeyId = Guid.NewGuid(),
        CreatedBy = "ops@example.com",
        Source = "list.csv",
        State = BulkJobState.AwaitingConfirmation,
        CreatedAt = at ?? T0,
        UpdatedAt = at ?? T0,
        TotalRows = 0,
    };

    protected static List<BulkRow> Rows(Guid jobId, int count, int[]? excluded = null) => Enumerable.Range(1, count).Select(n => new BulkRow
    {
        JobId = jobId,
        RowNumber = n,
        To = $"+1415555{n:D4}",
        Body = $"row {n}",
        ResentFromId = n == 1 ? Guid.NewGuid() : null,
        Outcome = excluded?.Contains(n) == true ? BulkRowOutcome.Excluded : BulkRowOutcome.Pending,
        Error = excluded?.Contains(n) == true ? "Not a number" : null,
    }).ToList();

    private static OptOutEntry Entry(string number, OptOutAction action, DateTimeOffset at) =>
        new() { Id = Guid.NewGuid(), Number = number, Action = action, Source = OptOutSource.Manual, At = at, Actor = "admin", Detail = "test" };
}
