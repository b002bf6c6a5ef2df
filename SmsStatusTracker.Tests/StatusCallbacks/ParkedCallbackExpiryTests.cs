using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmsStatusTracker.Core.Diagnostics;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.StatusCallbacks;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Sqlite;

namespace SmsStatusTracker.Tests.StatusCallbacks;

/// <summary>Parked callbacks whose message never appears are purged on a timer, on a clock the test controls.</summary>
public sealed class ParkedCallbackExpiryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly string path = Path.Combine(Path.GetTempPath(), $"smsstatus-parked-{Guid.NewGuid():N}.db");
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider clock = new(Start);
    private readonly SqliteMessageStore store;

    public ParkedCallbackExpiryTests() => store = new SqliteMessageStore(new SqliteStoreOptions($"Data Source={path}"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await store.InitializeAsync(Ct);

    [Fact]
    public async Task ParkedCallbacksOlderThanTheMaxAgeArePurgedAtStartAndOnEveryTickAndCounted()
    {
        var meters = services.GetRequiredService<IMeterFactory>();
        using var expired = new MetricCollector<long>(meters, TrackerMetrics.MeterName, "smsstatus.callbacks.parked.expired");
        using var parkedNow = new MetricCollector<long>(meters, TrackerMetrics.MeterName, "smsstatus.callbacks.parked");
        await ParkAsync("SM_gone_1", Start - TimeSpan.FromDays(8));
        await ParkAsync("SM_gone_2", Start - TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        await ParkAsync("SM_young", Start - TimeSpan.FromDays(6));
        var options = new StatusCallbackOptions { ParkedMaxAge = TimeSpan.FromDays(7), ParkedPurgeInterval = TimeSpan.FromHours(1) };
        using var expiry = new ParkedCallbackExpiry(store, Options.Create(options), new TrackerMetrics(meters), clock, NullLogger<ParkedCallbackExpiry>.Instance);

        await expiry.StartAsync(Ct);
        await WaitUntilAsync(async () => await store.CountParkedAsync(Ct) == 1);

        Assert.Empty(await store.FindParkedAsync("SM_gone_1", Ct));
        Assert.Single(await store.FindParkedAsync("SM_young", Ct));
        await WaitUntilAsync(() => Task.FromResult(expired.GetMeasurementSnapshot().EvaluateAsCounter() == 2));
        // The pass counts what it removed, then what is left: wait for the second, not just the first.
        await WaitUntilAsync(() => Task.FromResult(Gauge(parkedNow) == 1));

        // A day later the young one is past the age too; the next ticks purge it.
        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await WaitUntilAsync(async () => await store.CountParkedAsync(Ct) == 0);
        await WaitUntilAsync(() => Task.FromResult(expired.GetMeasurementSnapshot().EvaluateAsCounter() == 3));
        await WaitUntilAsync(() => Task.FromResult(Gauge(parkedNow) == 0));
        await expiry.StopAsync(Ct);
    }

    [Fact]
    public async Task NothingYoungerThanTheMaxAgeIsPurged()
    {
        await ParkAsync("SM_fresh", Start - TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        var expiry = new ParkedCallbackExpiry(store, Options.Create(new StatusCallbackOptions()), new TrackerMetrics(services.GetRequiredService<IMeterFactory>()), clock, NullLogger<ParkedCallbackExpiry>.Instance);

        Assert.Equal(0, await expiry.PurgeAsync(Ct));
        Assert.Single(await store.FindParkedAsync("SM_fresh", Ct));
    }

    private Task ParkAsync(string sid, DateTimeOffset receivedAt) =>
        store.ParkAsync(new ParkedStatusEvent(Guid.NewGuid(), sid, new StatusEvent { RawStatus = "delivered", Source = StatusEventSource.Callback, ReceivedAt = receivedAt }), Ct);

    private static long? Gauge(MetricCollector<long> gauge)
    {
        gauge.RecordObservableInstruments();
        return gauge.LastMeasurement?.Value;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for the purge.");
            await Task.Delay(20, Ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await store.DisposeAsync();
        await services.DisposeAsync();
        using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            SqliteConnection.ClearPool(connection);
        }

        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
