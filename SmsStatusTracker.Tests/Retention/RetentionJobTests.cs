using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmsStatusTracker.Core.Diagnostics;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Retention;
using SmsStatusTracker.Core.Storage.Sqlite;
using static SmsStatusTracker.Tests.Infrastructure.TestMessages;

namespace SmsStatusTracker.Tests.Retention;

/// <summary>A retention pass on a SQLite file, on a clock the test sets: what it deletes, empties, counts and logs.</summary>
public sealed class RetentionJobTests : IAsyncDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"smsstatus-retention-job-{Guid.NewGuid():N}.db");
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task APassDeletesMessagesPastTheirLimitEmptiesBodiesPastTheirsAndCountsBoth()
    {
        var now = T0.AddDays(100);
        var options = new SqliteStoreOptions($"Data Source={path}");
        await using var store = new SqliteMessageStore(options);
        await store.InitializeAsync(Ct);
        var ancient = Enumerable.Range(1, 3).Select(n => Stored(n, MessageStatus.Delivered, createdAt: now.AddDays(-40).AddMinutes(-n))).ToArray();
        var old = Enumerable.Range(10, 4).Select(n => Stored(n, MessageStatus.Delivered, createdAt: now.AddDays(-10).AddMinutes(-n))).ToArray();
        var fresh = Stored(20, MessageStatus.Delivered, createdAt: now.AddDays(-1));
        foreach (var message in ancient.Concat(old).Append(fresh))
        {
            await store.AddAsync(message, Ct);
        }

        var meters = services.GetRequiredService<IMeterFactory>();
        using var deleted = new MetricCollector<long>(meters, TrackerMetrics.MeterName, "smsstatus.retention.messages_deleted");
        using var redacted = new MetricCollector<long>(meters, TrackerMetrics.MeterName, "smsstatus.retention.bodies_redacted");
        var logs = new FakeLogCollector();
        var settings = new RetentionOptions { Messages = TimeSpan.FromDays(30), MessageBodies = TimeSpan.FromDays(7), BatchSize = 2 };
        var job = new RetentionJob(new SqliteMessageRetention(options), new RetentionMetrics(meters), new FakeTimeProvider(now),
            Options.Create(settings), new FakeLogger<RetentionJob>(logs));

        var outcome = await job.RunPassAsync(Ct);

        Assert.Equal(new RetentionOutcome(BodiesRedacted: 4, MessagesDeleted: 3), outcome);
        foreach (var message in ancient)
        {
            Assert.Null(await store.FindAsync(message.Id, Ct));
        }

        foreach (var message in old)
        {
            Assert.Equal("", (await store.FindAsync(message.Id, Ct))!.Body);
        }

        Assert.Equal(fresh.Body, (await store.FindAsync(fresh.Id, Ct))!.Body);
        Assert.Equal(3, deleted.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(4, redacted.GetMeasurementSnapshot().EvaluateAsCounter());
        var line = Assert.Single(logs.GetSnapshot(), r => r.Level == LogLevel.Information);
        Assert.Contains("deleted 3 message(s)", line.Message, StringComparison.Ordinal);
        Assert.Contains("emptied 4 body(ies)", line.Message, StringComparison.Ordinal);

        Assert.Equal(new RetentionOutcome(0, 0), await job.RunPassAsync(Ct));
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData("", "", true)]
    [InlineData("30.00:00:00", null, true)]
    [InlineData("-1.00:00:00", null, false)]
    [InlineData(null, "00:00:00", false)]
    public void RetentionIsOffByDefaultAndEmptyValuesFromEnvironmentFilesMeanOff(string? bodies, string? messages, bool valid)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Retention:MessageBodies"] = bodies,
            ["Retention:Messages"] = messages,
        }).Build();
        var options = configuration.GetSection(RetentionOptions.Section).Get<RetentionOptions>() ?? new RetentionOptions();

        Assert.Equal(valid, new RetentionOptionsValidator().Validate(null, options).Succeeded);
        if (string.IsNullOrEmpty(bodies) && string.IsNullOrEmpty(messages))
        {
            Assert.False(options.Enabled);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
