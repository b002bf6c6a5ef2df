using SmsStatusTracker.Core.Coordination;

namespace SmsStatusTracker.Tests.Coordination;

/// <summary>
/// What every <see cref="ILeaseStore"/> adapter must do. Each subclass opens stores over one fresh database per
/// test; a second store stands for another replica.
/// </summary>
public abstract class LeaseStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A store over the test's database (a new instance each call, as another replica would have); skips when the engine is missing.</summary>
    protected abstract Task<ILeaseStore> OpenAsync();

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public abstract ValueTask DisposeAsync();

    [Fact]
    public async Task AFreeLeaseIsTakenAndItsHolderRenewsIt()
    {
        var store = await OpenAsync();

        Assert.True(await store.TryAcquireAsync("job", "a", T0, T0 + Duration, Ct));
        Assert.True(await store.TryAcquireAsync("job", "a", T0.AddSeconds(10), T0.AddSeconds(10) + Duration, Ct));
    }

    [Fact]
    public async Task AHeldLeaseIsRefusedToAnotherReplicaUntilItExpires()
    {
        var a = await OpenAsync();
        var b = await OpenAsync();
        Assert.True(await a.TryAcquireAsync("job", "a", T0, T0 + Duration, Ct));

        Assert.False(await b.TryAcquireAsync("job", "b", T0.AddSeconds(29), T0.AddSeconds(29) + Duration, Ct));
        Assert.True(await b.TryAcquireAsync("job", "b", T0 + Duration, T0 + Duration + Duration, Ct));
    }

    [Fact]
    public async Task AHolderWhoseLeaseWasTakenOverCannotRenewIt()
    {
        var a = await OpenAsync();
        var b = await OpenAsync();
        Assert.True(await a.TryAcquireAsync("job", "a", T0, T0 + Duration, Ct));
        Assert.True(await b.TryAcquireAsync("job", "b", T0.AddMinutes(1), T0.AddMinutes(1) + Duration, Ct));

        Assert.False(await a.TryAcquireAsync("job", "a", T0.AddMinutes(1), T0.AddMinutes(1) + Duration, Ct));
    }

    [Fact]
    public async Task AReleasedLeaseIsFreeAtOnceButOnlyItsHolderCanReleaseIt()
    {
        var a = await OpenAsync();
        var b = await OpenAsync();
        Assert.True(await a.TryAcquireAsync("job", "a", T0, T0 + Duration, Ct));

        await b.ReleaseAsync("job", "b", Ct);
        Assert.False(await b.TryAcquireAsync("job", "b", T0.AddSeconds(1), T0.AddSeconds(1) + Duration, Ct));

        await a.ReleaseAsync("job", "a", Ct);
        Assert.True(await b.TryAcquireAsync("job", "b", T0.AddSeconds(1), T0.AddSeconds(1) + Duration, Ct));
    }

    [Fact]
    public async Task LeasesWithDifferentNamesAreIndependent()
    {
        var a = await OpenAsync();
        var b = await OpenAsync();

        Assert.True(await a.TryAcquireAsync("reconciliation", "a", T0, T0 + Duration, Ct));
        Assert.True(await b.TryAcquireAsync("retention", "b", T0, T0 + Duration, Ct));
        Assert.False(await b.TryAcquireAsync("reconciliation", "b", T0, T0 + Duration, Ct));
    }

    [Fact]
    public async Task OfManyReplicasAskingAtOnceExactlyOneGetsTheLease()
    {
        for (var round = 0; round < 5; round++)
        {
            var name = $"race-{round}";
            var stores = new List<ILeaseStore>();
            for (var i = 0; i < 8; i++)
            {
                stores.Add(await OpenAsync());
            }

            var results = await Task.WhenAll(stores.Select((store, i) => Task.Run(() => store.TryAcquireAsync(name, $"owner-{i}", T0, T0 + Duration, Ct), Ct)));

            Assert.Equal(1, results.Count(won => won));
        }
    }

    [Fact]
    public async Task OfManyReplicasTakingOverAnExpiredLeaseAtOnceExactlyOneGetsIt()
    {
        var first = await OpenAsync();
        Assert.True(await first.TryAcquireAsync("job", "dead", T0, T0 + Duration, Ct));
        var later = T0.AddMinutes(5);
        var stores = new List<ILeaseStore>();
        for (var i = 0; i < 8; i++)
        {
            stores.Add(await OpenAsync());
        }

        var results = await Task.WhenAll(stores.Select((store, i) => Task.Run(() => store.TryAcquireAsync("job", $"owner-{i}", later, later + Duration, Ct), Ct)));

        Assert.Equal(1, results.Count(won => won));
    }
}
