using System.Globalization;
using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Alerts;
using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>
/// Alert numbers as range queries on the listing's indexes, no new ones: outcomes and delivery times walk
/// ix_messages_status_created_id once per status, an error code ix_messages_error_created_id, and callbacks missing
/// and stuck messages the reconciler's ix_messages_unsettled_open (not-final messages only). The plans are asserted in
/// SqliteAlertMetricsPlanTests.
/// </summary>
public sealed class SqliteAlertMetrics(SqliteStoreOptions options) : IAlertMetrics
{
    internal static readonly string[] OutcomeStatuses = [.. new[] { MessageStatus.Delivered, MessageStatus.Read, MessageStatus.Failed, MessageStatus.Undelivered }.Select(s => s.ToWireName())];
    internal static readonly string[] DeliveredStatuses = [.. new[] { MessageStatus.Delivered, MessageStatus.Read }.Select(s => s.ToWireName())];

    internal const string OutcomesSql = """
        SELECT status, count(*) FROM messages
        WHERE status IN ($s0, $s1, $s2, $s3) AND created_at >= $since AND created_at < $until
        GROUP BY status
        """;

    internal const string ErrorSql = "SELECT count(*) FROM messages WHERE error_code = $code AND created_at >= $since AND created_at < $until";

    internal const string DeliveryTimesSql = """
        SELECT created_at, json_extract(document, '$.deliveredAt') FROM messages
        WHERE status IN ($s0, $s1) AND created_at >= $since AND created_at < $until
        LIMIT $limit
        """;

    internal const string WithoutCallbackSql = """
        SELECT count(*) FROM messages
        WHERE is_final = 0 AND updated_at >= $since AND updated_at < $until AND sid IS NOT NULL
          AND json_extract(document, '$.reconciliationGaveUpAt') IS NULL
          AND NOT EXISTS (SELECT 1 FROM json_each(document, '$.history') WHERE json_extract(value, '$.source') = 'callback')
        """;

    internal const string StuckSql = """
        SELECT count(*) FROM messages
        WHERE is_final = 0 AND updated_at < $until AND json_extract(document, '$.reconciliationGaveUpAt') IS NULL
        """;

    public async Task<(long Outcomes, long Failed)> CountOutcomesAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var failed = new[] { MessageStatus.Failed.ToWireName(), MessageStatus.Undelivered.ToWireName() };
        var counts = await QueryAsync(OutcomesSql, p =>
        {
            BindStatuses(p, OutcomeStatuses);
            BindRange(p, since, until);
        }, r => (Status: r.GetString(0), Count: r.GetInt64(1)), cancellationToken);
        return (counts.Sum(c => c.Count), counts.Where(c => failed.Contains(c.Status)).Sum(c => c.Count));
    }

    public async Task<long> CountErrorAsync(int errorCode, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken) =>
        (await QueryAsync(ErrorSql, p =>
        {
            p.AddWithValue("$code", errorCode);
            BindRange(p, since, until);
        }, r => r.GetInt64(0), cancellationToken)).Single();

    public async Task<IReadOnlyList<TimeSpan>> DeliveryTimesAsync(DateTimeOffset since, DateTimeOffset until, int limit, CancellationToken cancellationToken) =>
        [.. (await QueryAsync(DeliveryTimesSql, p =>
        {
            BindStatuses(p, DeliveredStatuses);
            BindRange(p, since, until);
            p.AddWithValue("$limit", Math.Max(1, limit));
        }, r => r.IsDBNull(1) ? (TimeSpan?)null
            : DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture) - DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(0)), cancellationToken))
            .OfType<TimeSpan>()];

    public async Task<long> CountWithoutCallbackAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken) =>
        (await QueryAsync(WithoutCallbackSql, p => BindRange(p, since, until), r => r.GetInt64(0), cancellationToken)).Single();

    public async Task<long> CountStuckAsync(DateTimeOffset updatedBefore, CancellationToken cancellationToken) =>
        (await QueryAsync(StuckSql, p => p.AddWithValue("$until", updatedBefore.ToUnixTimeMilliseconds()), r => r.GetInt64(0), cancellationToken)).Single();

    private static void BindStatuses(SqliteParameterCollection parameters, string[] statuses)
    {
        for (var i = 0; i < statuses.Length; i++)
        {
            parameters.AddWithValue($"$s{i}", statuses[i]);
        }
    }

    private static void BindRange(SqliteParameterCollection parameters, DateTimeOffset since, DateTimeOffset until)
    {
        parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        parameters.AddWithValue("$until", until.ToUnixTimeMilliseconds());
    }

    private async Task<List<T>> QueryAsync<T>(string sql, Action<SqliteParameterCollection> bind, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new SqliteConnection(options.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            bind(command.Parameters);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(read(reader));
            }

            return rows;
        }
        catch (SqliteException exception)
        {
            throw new StoreUnavailableException($"The alert numbers could not be read (SQLite error {exception.SqliteErrorCode}).", exception);
        }
    }
}
