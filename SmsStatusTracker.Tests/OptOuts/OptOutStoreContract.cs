using SmsStatusTracker.Core.OptOuts;

namespace SmsStatusTracker.Tests.OptOuts;

/// <summary>What every <see cref="IOptOutStore"/> adapter must do; each subclass opens a store over a fresh database per test.</summary>
public abstract class OptOutStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A store over the test's database (a new instance each call, as another replica would have); skips when the engine is missing.</summary>
    protected abstract Task<IOptOutStore> OpenAsync();

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public abstract ValueTask DisposeAsync();

    private static OptOutEntry Entry(string number, OptOutAction action, DateTimeOffset at, OptOutSource source = OptOutSource.Keyword, Guid? id = null) =>
        new() { Id = id ?? Guid.NewGuid(), Number = number, Action = action, Source = source, At = at, Actor = "tester", Detail = action.ToString() };

    [Fact]
    public async Task AnOptOutSetsTheNumbersStateAndStartsItsTrail()
    {
        var store = await OpenAsync();

        Assert.Null(await store.FindAsync("+447700900010", Ct));
        Assert.True(await store.AppendAsync(Entry("+447700900010", OptOutAction.OptedOut, T0), Ct));

        var state = await store.FindAsync("+447700900010", Ct);
        Assert.Equal(new OptOutNumber("+447700900010", true, T0, OptOutSource.Keyword), state);
        var entry = Assert.Single(await store.TrailAsync("+447700900010", Ct));
        Assert.Equal(("tester", "OptedOut", OptOutAction.OptedOut), (entry.Actor, entry.Detail, entry.Action));
    }

    [Fact]
    public async Task TheLatestChangeIsInForceWhateverOrderTheyArriveIn()
    {
        var store = await OpenAsync();
        await store.AppendAsync(Entry("+447700900011", OptOutAction.OptedIn, T0.AddMinutes(2)), Ct);
        await store.AppendAsync(Entry("+447700900011", OptOutAction.OptedOut, T0.AddMinutes(1)), Ct);

        Assert.False((await store.FindAsync("+447700900011", Ct))!.OptedOut);
        Assert.Equal([OptOutAction.OptedOut, OptOutAction.OptedIn], (await store.TrailAsync("+447700900011", Ct)).Select(e => e.Action));
    }

    [Fact]
    public async Task EntriesThatChangeNothingAreInTheTrailOnly()
    {
        var store = await OpenAsync();
        await store.AppendAsync(Entry("+447700900012", OptOutAction.OptedOut, T0), Ct);

        await store.AppendAsync(Entry("+447700900012", OptOutAction.HelpRequested, T0.AddMinutes(1)), Ct);
        await store.AppendAsync(Entry("+447700900012", OptOutAction.Suppressed, T0.AddMinutes(2), OptOutSource.Send), Ct);

        Assert.True((await store.FindAsync("+447700900012", Ct))!.OptedOut);
        Assert.Equal(3, (await store.TrailAsync("+447700900012", Ct)).Count);
    }

    [Fact]
    public async Task AnEntryWithAnIdAlreadyStoredIsKeptOnceEvenFromAnotherReplica()
    {
        var first = await OpenAsync();
        var second = await OpenAsync();
        var id = Guid.NewGuid();

        Assert.True(await first.AppendAsync(Entry("+447700900013", OptOutAction.OptedOut, T0, id: id), Ct));
        Assert.False(await second.AppendAsync(Entry("+447700900013", OptOutAction.OptedOut, T0, id: id), Ct));

        Assert.Single(await first.TrailAsync("+447700900013", Ct));
    }

    [Fact]
    public async Task SearchFindsNumbersContainingTheTextInNumberOrderAndCanKeepOptedOutOnly()
    {
        var store = await OpenAsync();
        await store.AppendAsync(Entry("+447700900022", OptOutAction.OptedOut, T0), Ct);
        await store.AppendAsync(Entry("+447700900021", OptOutAction.OptedIn, T0), Ct);
        await store.AppendAsync(Entry("+15005550099", OptOutAction.OptedOut, T0), Ct);

        Assert.Equal(["+447700900021", "+447700900022"], (await store.SearchAsync("7700900", false, 10, Ct)).Select(n => n.Number));
        Assert.Equal(["+447700900022"], (await store.SearchAsync("7700900", true, 10, Ct)).Select(n => n.Number));
        Assert.Equal(3, (await store.SearchAsync(null, false, 10, Ct)).Count);
        Assert.Single(await store.SearchAsync("+1500", false, 10, Ct));
    }
}
