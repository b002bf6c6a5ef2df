using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SmsStatusTracker.Core.Insights;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;

namespace SmsStatusTracker.Tests.Insights;

/// <summary>
/// What every store's rollups must do: after any mix of inserts, shuffled, repeated, late and contradicting status
/// observations, every insights answer read from the rollups equals the one recounted from the stored messages, for
/// every window and every filter. Each subclass opens stores over one fresh database per test.
/// </summary>
public abstract class InsightRollupsContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 34, 56, TimeSpan.Zero);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected FakeTimeProvider Clock { get; } = new(Now);

    /// <summary>A store over the test's database, with the rollup companion or without it (a version before rollups).</summary>
    protected abstract Task<IMessageStore> OpenStoreAsync(bool withRollups);

    /// <summary>The rollup rows of the test's database.</summary>
    protected abstract IInsightRollupRows Rows { get; }

    /// <summary>The upkeep of the last store opened with rollups.</summary>
    protected abstract IInsightRollupsMaintenance Maintenance { get; }

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public abstract ValueTask DisposeAsync();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task RollupsEqualARecountAfterShuffledRepeatedAndContradictingCallbacks(int seed)
    {
        var store = await OpenStoreAsync(withRollups: true);
        var random = new Random(seed);
        var messages = Enumerable.Range(1, 80).Select(n => InsightWorkload.Create(random, Now, n)).ToList();
        foreach (var message in messages)
        {
            await store.AddAsync(message, Ct);
        }

        await ApplyObservationsAsync(store, random, messages);

        await AssertRollupsEqualRecountAsync(store, messages);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public async Task RollupsEqualARecountWhenCallbacksArriveTogether(int seed)
    {
        // Many writes in flight at once: a store that groups its commits sums their rollups per batch.
        var store = await OpenStoreAsync(withRollups: true);
        var random = new Random(seed);
        var messages = Enumerable.Range(1, 80).Select(n => InsightWorkload.Create(random, Now, n)).ToList();
        await Task.WhenAll(messages.Select(m => store.AddAsync(m, Ct)));

        var observations = messages.SelectMany(m => InsightWorkload.Observations(random, m)).ToList();
        InsightWorkload.Shuffle(random, observations);
        await Task.WhenAll(observations.Select(o => store.UpdateBySidAsync(o.Sid, m => StatusTransitions.Record(m, o.Event), Ct)));

        await AssertRollupsEqualRecountAsync(store, messages);
    }

    [Fact]
    public async Task MessagesStoredBeforeRollupsExistedAreCountedOnceByTheBackfillEvenWhenTheyChangeMeanwhile()
    {
        var random = new Random(7);
        var legacy = await OpenStoreAsync(withRollups: false);
        var messages = Enumerable.Range(1, 60).Select(n => InsightWorkload.Create(random, Now, n)).ToList();
        foreach (var message in messages.Take(40))
        {
            await legacy.AddAsync(message, Ct);
        }

        var store = await OpenStoreAsync(withRollups: true);
        await ApplyObservationsAsync(store, random, messages.Take(20).ToList());
        // SQLite counts them beside live traffic; MongoDB already did while the store initialized.
        await Maintenance.BackfillAsync(Ct);
        foreach (var message in messages.Skip(40))
        {
            await store.AddAsync(message, Ct);
        }

        await ApplyObservationsAsync(store, random, messages.Skip(20).ToList());

        Assert.Equal(0, await Maintenance.BackfillAsync(Ct));
        await AssertRollupsEqualRecountAsync(store, messages);
    }

    [Fact]
    public async Task ARebuildRecountsEveryMessageOnce()
    {
        var random = new Random(11);
        var store = await OpenStoreAsync(withRollups: true);
        var messages = Enumerable.Range(1, 30).Select(n => InsightWorkload.Create(random, Now, n)).ToList();
        foreach (var message in messages)
        {
            await store.AddAsync(message, Ct);
        }

        await ApplyObservationsAsync(store, random, messages);

        Assert.Equal(30, await Maintenance.RebuildAsync(Ct));
        await AssertRollupsEqualRecountAsync(store, messages);
    }

    private static async Task ApplyObservationsAsync(IMessageStore store, Random random, IReadOnlyList<Message> messages)
    {
        var observations = messages.SelectMany(m => InsightWorkload.Observations(random, m)).ToList();
        InsightWorkload.Shuffle(random, observations);
        foreach (var (sid, observation) in observations)
        {
            await store.UpdateBySidAsync(sid, m => StatusTransitions.Record(m, observation), Ct);
        }

        // Reconciliation gives up on some of those never settled.
        foreach (var message in messages.Where((_, i) => i % 7 == 0))
        {
            await store.UpdateAsync(message.Id, m => m.IsFinal ? m : m with { ReconciliationGaveUpAt = Now }, Ct);
        }
    }

    private async Task AssertRollupsEqualRecountAsync(IMessageStore store, IReadOnlyList<Message> added)
    {
        var stored = new List<Message>();
        foreach (var message in added)
        {
            stored.Add((await store.FindAsync(message.Id, Ct))!);
        }

        var fromRollups = new InsightsReader(Rows, Clock);
        var recounted = new InsightsReader(new RecountedRollupRows(stored, Now), Clock);
        var filters = stored.SelectMany(InsightRollupChange.Targets).Distinct().ToList();
        Assert.Contains(filters, f => f.Dimension == InsightDimension.ErrorCode);
        Assert.Contains(filters, f => f.Dimension == InsightDimension.Country);
        (DateTimeOffset From, DateTimeOffset To)[] windows =
        [
            (Now.AddHours(-1), Now),
            (Now.AddDays(-1), Now),
            (Now.AddDays(-7), Now),
            (Now.AddDays(-30), Now),
            (Now.AddHours(-50).AddMinutes(-7), Now.AddHours(-3).AddMinutes(13)),
            (Now.AddDays(-4).AddMinutes(-17), Now.AddDays(-2).AddMinutes(-29)),
        ];
        foreach (var (from, to) in windows)
        {
            foreach (var filter in filters)
            {
                var query = new InsightsQuery { From = from, To = to, Filter = filter, StuckAfter = TimeSpan.FromMinutes(45) };
                var expected = await recounted.ReadAsync(query, Ct);
                var actual = await fromRollups.ReadAsync(query, Ct);
                Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));
                Assert.Equal(
                    stored.LongCount(m => m.CreatedAt >= actual.From && m.CreatedAt < actual.To && InsightRollupChange.Targets(m).Contains(filter)),
                    actual.Total);
            }
        }

        var all = await fromRollups.ReadAsync(new InsightsQuery { From = Now.AddDays(-30), To = Now }, Ct);
        Assert.Equal(stored.Count, all.Total);
        Assert.True(all.Audit.SettledByPoll > 0 && all.Audit.SettledByCallback > 0, "The workload settles by both sources.");
        Assert.Equal(stored.Count(m => m.ReconciliationGaveUpAt is not null), all.Audit.GaveUp);
    }
}
