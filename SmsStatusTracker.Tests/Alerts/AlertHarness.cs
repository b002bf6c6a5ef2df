using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SmsStatusTracker.Core.Alerts;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.StatusCallbacks;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Tests.Infrastructure;
using SmsStatusTracker.Tests.Reconciliation;

namespace SmsStatusTracker.Tests.Alerts;

/// <summary>
/// The real alert path on one SQLite file: messages stored by the message store and changed by the real
/// <see cref="StatusRecorder"/> (as callbacks are), the SQLite alert store and metrics, a fake clock, and a notifier that
/// records every change. <see cref="NewEvaluation"/> builds a fresh evaluator, as a restart or another replica would.
/// </summary>
internal sealed class AlertHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    private readonly string path = Path.Combine(Path.GetTempPath(), $"smsstatus-alert-surge-{Guid.NewGuid():N}.db");
    private int sequence;

    public AlertHarness()
    {
        var options = new SqliteStoreOptions($"Data Source={path}");
        Store = new SqliteMessageStore(options);
        Alerts = new SqliteAlertStore(options);
        Metrics = new SqliteAlertMetrics(options);
        Recorder = new StatusRecorder(Store, new RecordingNotifier(), NullLogger<StatusRecorder>.Instance);
    }

    public FakeTimeProvider Clock { get; } = new(Start);

    public SqliteMessageStore Store { get; }

    public SqliteAlertStore Alerts { get; }

    public SqliteAlertMetrics Metrics { get; }

    public StatusRecorder Recorder { get; }

    public RecordingAlertNotifier Notified { get; } = new();

    public async Task InitializeAsync() => await Store.InitializeAsync(CancellationToken.None);

    public AlertEvaluation NewEvaluation(IAlertMetrics? metrics = null) =>
        new(Alerts, new AlertMeasurer(metrics ?? Metrics), [Notified], new FixedLogLinks(), Clock, NullLogger<AlertEvaluation>.Instance);

    /// <summary>A message Twilio accepted now: queued, with its SID and the send response in its history.</summary>
    public async Task<string> SendAsync()
    {
        var now = Clock.GetUtcNow();
        var sid = $"SM{Interlocked.Increment(ref sequence):D32}";
        await Store.AddAsync(TestMessages.Stored(sequence, MessageStatus.Queued, sid: sid, createdAt: now,
            history: [new StatusEvent { RawStatus = "queued", Source = StatusEventSource.SendResponse, ReceivedAt = now }]), CancellationToken.None);
        return sid;
    }

    /// <summary>A signed callback as the webhook records it, received <paramref name="after"/> the current time.</summary>
    public Task CallbackAsync(string sid, MessageStatus status, TimeSpan after = default, int? errorCode = null) =>
        Recorder.RecordAsync(new StatusObservation(sid, null, new StatusEvent
        {
            RawStatus = status.ToWireName(),
            Source = StatusEventSource.Callback,
            ReceivedAt = Clock.GetUtcNow() + after,
            ErrorCode = errorCode,
        }), CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        SqliteTestFile.Delete(path);
    }

    private sealed class FixedLogLinks : IMessageLogLinks
    {
        public string For(MessageQuery query) => "https://tracker.example.com/messages";
    }
}

internal sealed class RecordingAlertNotifier : IAlertNotifier
{
    public List<AlertNotification> Changes { get; } = [];

    public Task NotifyAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        lock (Changes)
        {
            Changes.Add(notification);
        }

        return Task.CompletedTask;
    }

    public IReadOnlyList<AlertChange> Kinds
    {
        get
        {
            lock (Changes)
            {
                return [.. Changes.Select(c => c.Change)];
            }
        }
    }
}
