using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmsStatusTracker.Core.ActivityLog;
using SmsStatusTracker.Core.Retention;
using SmsStatusTracker.Core.Storage.Sqlite;

namespace SmsStatusTracker.Tests.ActivityLog;

/// <summary>The retention job's pass also deletes activity entries past <c>Retention:Activity</c>, and only those.</summary>
public sealed class ActivityRetentionTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private readonly string path = Path.Combine(Path.GetTempPath(), $"smsstatus-activity-retention-{Guid.NewGuid():N}.db");
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        services.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task APassDeletesEntriesOlderThanRetentionActivityInBatchesAndKeepsTheRest()
    {
        var options = new SqliteStoreOptions($"Data Source={path}");
        var log = new SqliteActivityLog(options);
        for (var i = 1; i <= 5; i++)
        {
            var at = Now.AddDays(-100 - i);
            await log.RecordAsync(new ActivityEntry(Guid.CreateVersion7(at), at, "ada@example.com", ActivityKind.SignIn, "old"), Ct);
        }

        var recent = Now.AddDays(-10);
        await log.RecordAsync(new ActivityEntry(Guid.CreateVersion7(recent), recent, "ada@example.com", ActivityKind.SignIn, "recent"), Ct);
        var settings = new RetentionOptions { Activity = TimeSpan.FromDays(90), BatchSize = 2 };
        var job = new RetentionJob(new SqliteMessageRetention(options), new RetentionMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
            new FakeTimeProvider(Now), Options.Create(settings), new FakeLogger<RetentionJob>(), log);

        var outcome = await job.RunPassAsync(Ct);

        Assert.Equal(new RetentionOutcome(0, 0, ActivityDeleted: 5), outcome);
        Assert.Equal(["recent"], (await log.QueryAsync(new ActivityQuery(), Ct)).Entries.Select(e => e.Target));
    }

    [Fact]
    public void ANonPositiveRetentionActivityIsRefusedNamingTheKey()
    {
        var result = new RetentionOptionsValidator().Validate(null, new RetentionOptions { Activity = TimeSpan.Zero });

        Assert.True(result.Failed);
        Assert.Contains("Retention:Activity", result.FailureMessage, StringComparison.Ordinal);
    }
}
