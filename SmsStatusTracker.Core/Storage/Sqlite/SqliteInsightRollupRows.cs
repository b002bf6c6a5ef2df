using System.Text.Json;
using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Insights;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>Reads rollup rows for a window: one primary-key range (≤ 720 rows for 30 days of hours).</summary>
public sealed class SqliteInsightRollupRows(SqliteStoreOptions options) : IInsightRollupRows
{
    public async Task<IReadOnlyList<InsightRollupRow>> ReadAsync(InsightRowRange range, InsightFilter filter, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new SqliteConnection(options.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT bucket, counts FROM insight_rollups
                WHERE grain = $grain AND dim = $dim AND value = $value AND bucket >= $from AND bucket < $to
                """;
            command.Parameters.AddWithValue("$grain", range.Grain.Key());
            command.Parameters.AddWithValue("$dim", filter.Key);
            command.Parameters.AddWithValue("$value", filter.Value);
            command.Parameters.AddWithValue("$from", range.From.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$to", range.To.ToUnixTimeMilliseconds());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<InsightRollupRow>();
            while (await reader.ReadAsync(cancellationToken))
            {
                var counts = JsonSerializer.Deserialize<Dictionary<string, long>>(reader.GetString(1)) ?? [];
                rows.Add(new InsightRollupRow(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), counts));
            }

            return rows;
        }
        catch (SqliteException exception)
        {
            throw new StoreUnavailableException($"The SQLite store's insights could not be read (error {exception.SqliteErrorCode}).", exception);
        }
    }
}
