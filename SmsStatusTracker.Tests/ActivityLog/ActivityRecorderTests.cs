using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using SmsStatusTracker.Core.ActivityLog;
using SmsStatusTracker.Core.Storage;

namespace SmsStatusTracker.Tests.ActivityLog;

/// <summary>The recorder's failure policy: a store that cannot take an entry fails neither the action nor silently.</summary>
public sealed class ActivityRecorderTests
{
    private sealed class DownLog : IActivityLog
    {
        public Task RecordAsync(ActivityEntry entry, CancellationToken cancellationToken) =>
            throw new StoreUnavailableException("The SQLite store could not record an activity (error 5).", new IOException());

        public Task<ActivityPage> QueryAsync(ActivityQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> DeleteOlderThanAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class KeptLog : IActivityLog
    {
        public List<ActivityEntry> Entries { get; } = [];

        public Task RecordAsync(ActivityEntry entry, CancellationToken cancellationToken)
        {
            Entries.Add(entry);
            return Task.CompletedTask;
        }

        public Task<ActivityPage> QueryAsync(ActivityQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<int> DeleteOlderThanAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    [Fact]
    public async Task AnEntryTheStoreCannotTakeIsLoggedInFullAndCountedWithoutThrowing()
    {
        var logs = new FakeLogCollector();
        var recorder = new ActivityRecorder(new DownLog(), new FakeTimeProvider(), new FakeLogger<ActivityRecorder>(logs));

        await recorder.RecordAsync("ada@example.com", ActivityKind.Invite, "bob@example.com", "as Viewer");

        Assert.Equal(1, recorder.Failures);
        var record = Assert.Single(logs.GetSnapshot());
        Assert.Equal(LogLevel.Error, record.Level);
        Assert.Contains("invite by ada@example.com on bob@example.com (as Viewer)", record.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEntryIsStampedWithTheClockToTheMillisecond()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 1, 2, 3, TimeSpan.Zero).AddTicks(12_345));
        var log = new KeptLog();
        var recorder = new ActivityRecorder(log, time, new FakeLogger<ActivityRecorder>());

        await recorder.RecordAsync("ada@example.com", ActivityKind.SignIn, "ada@example.com");

        var entry = Assert.Single(log.Entries);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 1, 2, 3, 1, TimeSpan.Zero), entry.At);
        Assert.Equal(0, recorder.Failures);
    }
}
