using System.Text.Json;
using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Insights;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>
/// The rollup table and its one write: a row per (grain, dimension, value, bucket) holding its counters as a JSON
/// object, merged by one upsert that adds the increments key by key (and drops counters that fall to zero). The
/// primary key is also the read order, so a window for one filter is one index range (WITHOUT ROWID: the row is the key).
/// </summary>
internal static class SqliteInsightRollupsSql
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS insight_rollups (
            grain   TEXT    NOT NULL,
            dim     TEXT    NOT NULL,
            value   TEXT    NOT NULL,
            bucket  INTEGER NOT NULL,
            counts  TEXT    NOT NULL,
            PRIMARY KEY (grain, dim, value, bucket)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS insight_rollup_backfill (
            id            INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
            through_rowid INTEGER NOT NULL,
            until_rowid   INTEGER NOT NULL
        );
        INSERT OR IGNORE INTO insight_rollup_backfill (id, through_rowid, until_rowid) SELECT 1, 0, coalesce(max(rowid), 0) FROM messages;
        """;

    private const string Upsert = """
        INSERT INTO insight_rollups (grain, dim, value, bucket, counts) VALUES ($grain, $dim, $value, $bucket, $counts)
        ON CONFLICT (grain, dim, value, bucket) DO UPDATE SET counts = (
            SELECT coalesce(json_group_object(key, total), '{}') FROM (
                SELECT key, sum(value) AS total FROM (
                    SELECT key, value FROM json_each(insight_rollups.counts)
                    UNION ALL SELECT key, value FROM json_each(excluded.counts))
                GROUP BY key HAVING total != 0))
        """;

    /// <summary>Adds the increments of <paramref name="rows"/>.</summary>
    public static async Task ApplyAsync(Func<string, SqliteCommand> command, IEnumerable<(InsightRollupKey Key, Dictionary<string, long> Delta)> rows, CancellationToken cancellationToken)
    {
        foreach (var (key, delta) in rows)
        {
            var upsert = command(Upsert);
            upsert.Parameters.AddWithValue("$grain", key.Grain.Key());
            upsert.Parameters.AddWithValue("$dim", key.Target.Key);
            upsert.Parameters.AddWithValue("$value", key.Target.Value);
            upsert.Parameters.AddWithValue("$bucket", key.Bucket.ToUnixTimeMilliseconds());
            upsert.Parameters.AddWithValue("$counts", JsonSerializer.Serialize(delta));
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}

