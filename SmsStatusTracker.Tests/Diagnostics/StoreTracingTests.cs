using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Diagnostics;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.Diagnostics;

/// <summary>
/// Every call through the store decorator is a span on <see cref="TrackerTracing.StoreSourceName"/>; a failing
/// call is marked Error. Spans are picked out by this test's own parent trace, since the listener is process-wide.
/// </summary>
public sealed class StoreTracingTests : IAsyncDisposable
{
    private const string TestSourceName = "SmsStatusTracker.Tests.StoreTracing";
    private static readonly ActivitySource TestSource = new(TestSourceName);
    private readonly string path = Path.Combine(Path.GetTempPath(), $"smsstatus-tracing-{Guid.NewGuid():N}.db");
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly SqliteMessageStore sqlite;

    public StoreTracingTests() => sqlite = new SqliteMessageStore(new SqliteStoreOptions($"Data Source={path}"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StoreCallsStartSpansTaggedWithTheBackendAndAFailingCallIsMarkedError()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is TrackerTracing.StoreSourceName or TestSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var store = new MeteredMessageStore(sqlite, new TrackerMetrics(services.GetRequiredService<IMeterFactory>()));
        var message = TestMessages.New();

        ActivityTraceId trace;
        Exception failure;
        using (var parent = TestSource.StartActivity("test")!)
        {
            trace = parent.TraceId;
            // Not initialized yet, so the read fails.
            failure = await Assert.ThrowsAnyAsync<Exception>(() => store.FindAsync(message.Id, Ct));
            await store.InitializeAsync(Ct);
            await store.AddAsync(message, Ct);
        }

        var spans = stopped.Where(a => a.TraceId == trace && a.Source.Name == TrackerTracing.StoreSourceName).ToList();
        Assert.Equal(["store FindAsync", "store InitializeAsync", "store AddAsync"], spans.Select(a => a.OperationName));
        Assert.All(spans, span => Assert.Equal("sqlite", span.GetTagItem("db.system")));
        Assert.All(spans, span => Assert.Equal(ActivityKind.Client, span.Kind));
        Assert.Equal(ActivityStatusCode.Error, spans[0].Status);
        Assert.Equal(failure.GetType().FullName, spans[0].GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Unset, spans[2].Status);
    }

    public async ValueTask DisposeAsync()
    {
        await sqlite.DisposeAsync();
        await services.DisposeAsync();
        using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            SqliteConnection.ClearPool(connection);
        }

        SqliteTestFile.Delete(path);
    }
}
