using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Tests.Infrastructure;
using static SmsStatusTracker.Tests.Infrastructure.TestMessages;

namespace SmsStatusTracker.Tests.Alerts;

/// <summary>
/// Every alert number is an index range, checked where SQLite decides it: the plan of each statement the alert metrics
/// run names the existing index it walks and never scans the messages table. And the numbers match what was stored.
/// </summary>
public sealed class SqliteAlertMetricsPlanTests : IAsyncLifetime
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"smsstatus-alert-plans-{Guid.NewGuid():N}.db");
    private SqliteMessageStore store = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        store = new SqliteMessageStore(new SqliteStoreOptions($"Data Source={path}"));
        await store.InitializeAsync(Ct);
        var callback = new StatusEvent { RawStatus = "sent", Source = StatusEventSource.Callback, ReceivedAt = T0 };
        var response = new StatusEvent { RawStatus = "queued", Source = StatusEventSource.SendResponse, ReceivedAt = T0 };
        await store.AddAsync(Stored(1, MessageStatus.Failed, sid: "SM1", errorCode: 30007), Ct);
        await store.AddAsync(Stored(2, MessageStatus.Undelivered, sid: "SM2", errorCode: 30003), Ct);
        await store.AddAsync(Stored(3, MessageStatus.Delivered, sid: "SM3") with { DeliveredAt = T0.AddMinutes(3).AddSeconds(42) }, Ct);
        await store.AddAsync(Stored(4, MessageStatus.Queued, sid: "SM4", history: [response]), Ct);
        await store.AddAsync(Stored(5, MessageStatus.Sent, sid: "SM5", history: [response, callback]), Ct);
        await store.AddAsync(Stored(6, MessageStatus.Created), Ct);
    }

    public static TheoryData<string, string, string> Statements => new()
    {
        { "outcomes", SqliteAlertMetrics.OutcomesSql, @"SEARCH messages USING COVERING INDEX ix_messages_status_created_id \(status=\? AND created_at>\? AND created_at<\?\)" },
        { "error code", SqliteAlertMetrics.ErrorSql, @"SEARCH messages USING COVERING INDEX ix_messages_error_created_id \(error_code=\? AND created_at>\? AND created_at<\?\)" },
        { "delivery times", SqliteAlertMetrics.DeliveryTimesSql, @"SEARCH messages USING INDEX ix_messages_status_created_id \(status=\? AND created_at>\? AND created_at<\?\)" },
        { "callbacks missing", SqliteAlertMetrics.WithoutCallbackSql, @"SEARCH messages USING INDEX ix_messages_unsettled_open \(updated_at>\? AND updated_at<\?\)" },
        { "stuck", SqliteAlertMetrics.StuckSql, @"SEARCH messages USING INDEX ix_messages_unsettled_open \(updated_at<\?\)" },
    };

    [Theory]
    [MemberData(nameof(Statements))]
    public async Task EachAlertNumberWalksAnExistingIndexAndNeverScansTheMessages(string name, string sql, string expected)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var parameter in new[] { "$s0", "$s1", "$s2", "$s3", "$since", "$until", "$code", "$limit" })
        {
            if (sql.Contains(parameter, StringComparison.Ordinal))
            {
                command.Parameters.AddWithValue(parameter, 1);
            }
        }

        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                plan.Add(reader.GetString(3));
            }
        }

        var text = string.Join("\n", plan);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(text, expected), $"{name}: expected {expected} in\n{text}");
        Assert.DoesNotMatch(@"(?m)^\s*SCAN messages\s*$", text);
        Assert.DoesNotContain("TEMP B-TREE", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheNumbersCountWhatIsStored()
    {
        var metrics = new SqliteAlertMetrics(new SqliteStoreOptions($"Data Source={path}"));
        var (since, until) = (T0, T0.AddHours(1));

        Assert.Equal((3L, 2L), await metrics.CountOutcomesAsync(since, until, Ct));
        Assert.Equal(1, await metrics.CountErrorAsync(30007, since, until, Ct));
        Assert.Equal([TimeSpan.FromSeconds(42)], await metrics.DeliveryTimesAsync(since, until, 100, Ct));
        // SM4 has only its send response; SM5 got a callback; message 6 was never accepted (no SID).
        Assert.Equal(1, await metrics.CountWithoutCallbackAsync(since, until, Ct));
        Assert.Equal(3, await metrics.CountStuckAsync(until, Ct));
        Assert.Equal(0, await metrics.CountStuckAsync(since, Ct));
    }

    public async ValueTask DisposeAsync()
    {
        await store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        SqliteTestFile.Delete(path);
    }
}
