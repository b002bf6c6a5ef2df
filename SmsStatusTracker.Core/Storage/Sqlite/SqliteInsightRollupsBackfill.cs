using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using SmsStatusTracker.Core.Insights;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>
/// Counts messages stored before rollups existed, and prunes old minute rows. The schema records, when it creates the
/// rollup tables, the last message rowid then stored (<c>until_rowid</c>); every later insert is counted by
/// <see cref="SqliteInsightRollups"/>. Those older rows are counted here in batches, each in one transaction on the
/// store's writer that also moves <c>through_rowid</c> on, so the backfill is resumable, runs beside live traffic
/// (changes to rows it has not reached are left to it) and never counts a message twice.
/// </summary>
public sealed class SqliteInsightRollupsBackfill(SqliteMessageStore store, SqliteInsightBackfillState state, TimeProvider time, ILogger<SqliteInsightRollupsBackfill> logger)
    : IInsightRollupsMaintenance
{
    private const int BatchSize = 2000;

    public async Task<long> BackfillAsync(CancellationToken cancellationToken)
    {
        long counted = 0;
        while (true)
        {
            var batch = await store.WriteWithMessagesAsync(
                "SELECT through_rowid, until_rowid FROM insight_rollup_backfill",
                command => CountBatchAsync(command, cancellationToken),
                cancellationToken);
            if (batch is null)
            {
                state.Complete = true;
                if (counted > 0)
                {
                    logger.LogInformation("Insights: counted {Count} message(s) stored before rollups existed", counted);
                }

                return counted;
            }

            counted += batch.Value;
        }
    }

    public async Task<long> RebuildAsync(CancellationToken cancellationToken)
    {
        state.Complete = false;
        await store.WriteWithMessagesAsync(
            "DELETE FROM insight_rollups",
            async command =>
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
                await using var reset = Command(command, "UPDATE insight_rollup_backfill SET through_rowid = 0, until_rowid = (SELECT coalesce(max(rowid), 0) FROM messages)");
                return await reset.ExecuteNonQueryAsync(cancellationToken);
            },
            cancellationToken);
        return await BackfillAsync(cancellationToken);
    }

    public Task<int> PruneAsync(CancellationToken cancellationToken) =>
        store.WriteWithMessagesAsync(
            """
            DELETE FROM insight_rollups WHERE (grain, dim, value, bucket) IN (
                SELECT grain, dim, value, bucket FROM insight_rollups WHERE grain = 'm' AND bucket < $before LIMIT 5000)
            """,
            async command =>
            {
                command.Parameters.AddWithValue("$before", (time.GetUtcNow() - InsightGrains.MinuteRetention).ToUnixTimeMilliseconds());
                return await command.ExecuteNonQueryAsync(cancellationToken);
            },
            cancellationToken);

    /// <summary>Counts the next batch and moves the mark past it; null when nothing is left.</summary>
    private async Task<long?> CountBatchAsync(SqliteCommand stateCommand, CancellationToken cancellationToken)
    {
        long through, until;
        await using (var reader = await stateCommand.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            (through, until) = (reader.GetInt64(0), reader.GetInt64(1));
        }

        if (through >= until)
        {
            return null;
        }

        var messages = new List<(long RowId, string Document)>();
        await using (var select = Command(stateCommand, "SELECT rowid, document FROM messages WHERE rowid > $through AND rowid <= $until ORDER BY rowid LIMIT $limit"))
        {
            select.Parameters.AddWithValue("$through", through);
            select.Parameters.AddWithValue("$until", until);
            select.Parameters.AddWithValue("$limit", BatchSize);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                messages.Add((reader.GetInt64(0), reader.GetString(1)));
            }
        }

        var commands = new Dictionary<string, SqliteCommand>(StringComparer.Ordinal);
        try
        {
            SqliteCommand Prepared(string sql)
            {
                if (!commands.TryGetValue(sql, out var command))
                {
                    commands[sql] = command = Command(stateCommand, sql);
                }

                command.Parameters.Clear();
                return command;
            }

            var now = time.GetUtcNow();
            var rows = InsightRollupChange.Sum(messages.SelectMany(m => InsightRollupChange.Of(new StoredMessageChange(null, MessageJson.DeserializeMessage(m.Document)), now)));
            await SqliteInsightRollupsSql.ApplyAsync(Prepared, rows, cancellationToken);

            var mark = Prepared("UPDATE insight_rollup_backfill SET through_rowid = $through");
            mark.Parameters.AddWithValue("$through", messages.Count == BatchSize ? messages[^1].RowId : until);
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            foreach (var command in commands.Values)
            {
                await command.DisposeAsync();
            }
        }

        return messages.Count;
    }

    private static SqliteCommand Command(SqliteCommand enlisted, string sql)
    {
        var command = enlisted.Connection!.CreateCommand();
        command.Transaction = enlisted.Transaction;
        command.CommandText = sql;
        return command;
    }
}
