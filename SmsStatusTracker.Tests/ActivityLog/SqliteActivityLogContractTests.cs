using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.ActivityLog;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.ActivityLog;

/// <summary>The activity log contract on a fresh temporary SQLite file per test, deleted afterwards.</summary>
public sealed class SqliteActivityLogContractTests : ActivityLogContract
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"smsstatus-activity-{Guid.NewGuid():N}.db");

    protected override Task<IActivityLog> OpenAsync() =>
        Task.FromResult<IActivityLog>(new SqliteActivityLog(new SqliteStoreOptions($"Data Source={path}")));

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        SqliteTestFile.Delete(path);

        return ValueTask.CompletedTask;
    }

    public static TheoryData<string, ActivityQuery, string> IndexWalks => new()
    {
        { "first page", new ActivityQuery(), "ix_activity_at" },
        { "a later page", new ActivityQuery { After = new ActivityCursor(T0.ToUnixTimeMilliseconds(), Guid.CreateVersion7(T0)) }, "ix_activity_at" },
        { "a window", new ActivityQuery { Since = T0, Before = T0.AddDays(1) }, "ix_activity_at" },
        { "an actor", new ActivityQuery { Actor = "ada" }, "ix_activity_at" },
        { "a kind", new ActivityQuery { Kind = ActivityKind.Invite }, "ix_activity_kind" },
        { "a kind, a later page", new ActivityQuery { Kind = ActivityKind.Invite, After = new ActivityCursor(T0.ToUnixTimeMilliseconds(), Guid.CreateVersion7(T0)) }, "ix_activity_kind" },
    };

    /// <summary>Stays cheap on a large table: every page is a walk of one index in page order, never a scan and sort.</summary>
    [Theory]
    [MemberData(nameof(IndexWalks))]
    public async Task EachPageIsOneIndexWalkInPageOrder(string filter, ActivityQuery query, string index)
    {
        var log = new SqliteActivityLog(new SqliteStoreOptions($"Data Source={path}"));
        var plan = await log.RunAsync("explain", async command =>
        {
            SqliteActivityLog.Prepare(command, query);
            command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
            var lines = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                lines.Add(reader.GetString(3));
            }

            return string.Join("\n", lines);
        }, Ct);

        Assert.True(plan.Contains(index, StringComparison.Ordinal), $"{filter}: expected {index} in\n{plan}");
        Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("SCAN activity\n", plan + "\n", StringComparison.Ordinal);
    }
}
