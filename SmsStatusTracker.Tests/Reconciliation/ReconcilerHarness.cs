using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmsStatusTracker.Core.Diagnostics;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Reconciliation;
using SmsStatusTracker.Core.StatusCallbacks;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Core.Twilio;
using Twilio.Clients;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.Reconciliation;

/// <summary>A <see cref="MessageReconciler"/> on a temporary SQLite file, fake time and a fake Twilio API under the real SDK.</summary>
public sealed class ReconcilerHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly string path = Path.Combine(Path.GetTempPath(), $"smsstatus-reconcile-{Guid.NewGuid():N}.db");
    private readonly ServiceProvider provider;

    public ReconcilerHarness(ReconciliationOptions? options = null)
    {
        Time = new FakeTimeProvider(Start);
        Api = new FakeTwilioApi(Time);
        Options = options ?? new ReconciliationOptions
        {
            MinAge = TimeSpan.FromMinutes(10),
            Interval = TimeSpan.FromMinutes(1),
            MaxPerMinute = 6000,
            GiveUpAfter = TimeSpan.FromHours(24),
            AssumeNeverCreatedAfter = TimeSpan.FromHours(1),
        };

        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<IMessageStore>(new SqliteMessageStore(new SqliteStoreOptions($"Data Source={path}")));
        services.AddSingleton<TrackerMetrics>();
        services.AddSingleton<IMessageChangeNotifier>(Notifier);
        services.AddSingleton<StatusRecorder>();
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(Options));
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new TwilioOptions()));
        services.AddTransient<ITwilioRestClient>(_ => new TwilioRestClient(
            TwilioOptions.SimulatorAccountSid,
            TwilioOptions.SimulatorAuthToken,
            httpClient: new global::Twilio.Http.SystemNetHttpClient(new HttpClient(Api, disposeHandler: false))));
        services.AddSingleton<MessageReconciler>();
        provider = services.BuildServiceProvider();
    }

    public FakeTimeProvider Time { get; }

    public FakeTwilioApi Api { get; }

    public ReconciliationOptions Options { get; }

    public RecordingNotifier Notifier { get; } = new();

    public IMessageStore Store => provider.GetRequiredService<IMessageStore>();

    public MessageReconciler Reconciler => provider.GetRequiredService<MessageReconciler>();

    public IServiceProvider Services => provider;

    public async Task<Message> AddAsync(string? sid, MessageStatus status, string to = "+15005550006", string body = "Hello")
    {
        await Store.InitializeAsync(TestContext.Current.CancellationToken);
        var now = Time.GetUtcNow();
        var message = TestMessages.Stored(
            0,
            status,
            sid: sid,
            to: to,
            from: TwilioOptions.SimulatorFrom,
            body: body,
            createdAt: now,
            id: Guid.CreateVersion7(now),
            history:
            [
                new StatusEvent { RawStatus = "created", Source = StatusEventSource.Local, ReceivedAt = now },
                new StatusEvent { RawStatus = status.ToWireName(), Source = sid is null ? StatusEventSource.Local : StatusEventSource.SendResponse, ReceivedAt = now },
            ]);
        await Store.AddAsync(message, TestContext.Current.CancellationToken);
        return message;
    }

    /// <summary>Runs a pass, moving fake time on in small steps while it waits its turn between requests to Twilio.</summary>
    public async Task<IReadOnlyList<ReconciliationCheck>> RunPassAsync()
    {
        var pass = StartPass();
        while (!pass.IsCompleted)
        {
            await Task.WhenAny(pass, Task.Delay(2, TestContext.Current.CancellationToken));
            if (!pass.IsCompleted)
            {
                Time.Advance(TimeSpan.FromMinutes(1) / Options.MaxPerMinute);
            }
        }

        return await pass;
    }

    /// <summary>Starts a pass; fake time only moves when the test moves it.</summary>
    public Task<IReadOnlyList<ReconciliationCheck>> StartPass() => Reconciler.RunPassAsync(TestContext.Current.CancellationToken);

    public async Task<Message> FindAsync(Guid id) => (await Store.FindAsync(id, TestContext.Current.CancellationToken))!;

    public async ValueTask DisposeAsync()
    {
        await provider.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }
}

public sealed class RecordingNotifier : IMessageChangeNotifier
{
    public System.Collections.Concurrent.ConcurrentQueue<Message> Changes { get; } = new();

    public Task MessageChangedAsync(Message message, MessageChangeKind kind, CancellationToken cancellationToken)
    {
        Changes.Enqueue(message);
        return Task.CompletedTask;
    }
}
