using Microsoft.Extensions.Logging.Abstractions;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.StatusCallbacks;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Tests.Reconciliation;

namespace SmsStatusTracker.Tests.StatusCallbacks;

/// <summary>Callbacks for SIDs not known yet, arriving together (a retry racing its original), on a real SQLite file.</summary>
public sealed class StatusRecorderParkingTests : IAsyncDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"smsstatus-parking-{Guid.NewGuid():N}.db");
    private readonly SqliteMessageStore store;

    public StatusRecorderParkingTests() => store = new SqliteMessageStore(new SqliteStoreOptions($"Data Source={path}"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CopiesOfOneCallbackForAnUnknownSidArrivingTogetherAreParkedOnce()
    {
        await store.InitializeAsync(Ct);
        var recorder = new StatusRecorder(store, new RecordingNotifier(), NullLogger<StatusRecorder>.Instance);
        var sid = "SM" + Guid.NewGuid().ToString("N");
        var received = DateTimeOffset.UtcNow;
        StatusObservation Copy(string status, string token) => new(sid, null, new StatusEvent
        {
            RawStatus = status, Source = StatusEventSource.Callback, ReceivedAt = received, IdempotencyToken = token,
        });

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => recorder.RecordAsync(Copy(i % 2 == 0 ? "sent" : "delivered", $"token-{i % 2}"), Ct), Ct)));

        var parked = await store.FindParkedAsync(sid, Ct);
        Assert.Equal(["delivered", "sent"], parked.Select(p => p.Event.RawStatus).Order());
    }

    public async ValueTask DisposeAsync()
    {
        await store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
