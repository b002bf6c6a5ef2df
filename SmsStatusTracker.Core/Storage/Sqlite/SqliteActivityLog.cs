using System.Text;
using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.ActivityLog;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>
/// The activity log in the SQLite file's <c>activity</c> table, created on first use. A page walks
/// <c>ix_activity_at</c> (or <c>ix_activity_kind</c> when a kind is chosen) backwards from the cursor and stops
/// after one page, so it costs the same on a large table; the actor filter is checked on the rows walked. Entries are
/// written by the message store's writer when there is one (every send records one: a connection of its own would
/// queue behind that writer for the file's write lock), else on a connection of their own.
/// </summary>
public sealed class SqliteActivityLog(SqliteStoreOptions options, SqliteMessageStore? messages = null) : IActivityLog
{
    private const string InsertSql = "INSERT INTO activity (id, at, actor, kind, target, detail) VALUES ($id, $at, $actor, $kind, $target, $detail)";

    internal const string CreateTable = """
        CREATE TABLE IF NOT EXISTS activity (
            id     TEXT    NOT NULL PRIMARY KEY,
            at     INTEGER NOT NULL,
            actor  TEXT    NOT NULL,
            kind   TEXT    NOT NULL,
            target TEXT    NOT NULL,
            detail TEXT
        );
        CREATE INDEX IF NOT EXISTS ix_activity_at ON activity (at, id);
        CREATE INDEX IF NOT EXISTS ix_activity_kind ON activity (kind, at, id);
        """;

    private volatile bool created;

    public async Task RecordAsync(ActivityEntry entry, CancellationToken cancellationToken)
    {
        if (messages is null)
        {
            await RunAsync("record an activity", command => InsertAsync(command, entry, cancellationToken), cancellationToken);
            return;
        }

        if (!created)
        {
            await RunAsync("create the activity log", _ => Task.FromResult(0), cancellationToken);
        }

        try
        {
            await messages.WriteWithMessagesAsync(InsertSql, command => InsertAsync(command, entry, cancellationToken), cancellationToken);
        }
        catch (SqliteException exception)
        {
            throw new StoreUnavailableException($"The SQLite store could not record an activity (error {exception.SqliteErrorCode}).", exception);
        }
    }

    private static Task<int> InsertAsync(SqliteCommand command, ActivityEntry entry, CancellationToken cancellationToken)
    {
        command.CommandText = InsertSql;
        command.Parameters.AddWithValue("$id", entry.Id.ToString("N"));
        command.Parameters.AddWithValue("$at", entry.At.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$actor", entry.Actor);
        command.Parameters.AddWithValue("$kind", entry.Kind.ToWireName());
        command.Parameters.AddWithValue("$target", entry.Target);
        command.Parameters.AddWithValue("$detail", (object?)entry.Detail ?? DBNull.Value);
        return command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<ActivityPage> QueryAsync(ActivityQuery query, CancellationToken cancellationToken) =>
        RunAsync("read the activity log", async command =>
        {
            Prepare(command, query);
            var rows = new List<(ActivityCursor Position, ActivityEntry? Entry)>(query.Limit + 1);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = Guid.ParseExact(reader.GetString(0), "N");
                var at = reader.GetInt64(1);
                // A kind this version does not know (written by a newer one) is skipped, not fatal.
                var entry = ActivityKinds.TryParse(reader.GetString(3), out var kindRead)
                    ? new ActivityEntry(id, DateTimeOffset.FromUnixTimeMilliseconds(at), reader.GetString(2), kindRead, reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5))
                    : null;
                rows.Add((new ActivityCursor(at, id), entry));
            }

            return ActivityPage.From(rows, query.Limit);
        }, cancellationToken);

    public Task<int> DeleteOlderThanAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken) =>
        RunAsync("delete old activity", async command =>
        {
            command.CommandText = "DELETE FROM activity WHERE id IN (SELECT id FROM activity WHERE at < $before ORDER BY at LIMIT $batch)";
            command.Parameters.AddWithValue("$before", before.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$batch", batchSize);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    /// <summary>The page's statement and parameters on <paramref name="command"/> (the plan test explains it).</summary>
    internal static void Prepare(SqliteCommand command, ActivityQuery query)
    {
        var where = new List<string>();
        if (query.Kind is { } kind)
        {
            where.Add("kind = $kind");
            command.Parameters.AddWithValue("$kind", kind.ToWireName());
        }

        if (query.Since is { } since)
        {
            where.Add("at >= $since");
            command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        }

        if (query.Before is { } before)
        {
            where.Add("at < $before");
            command.Parameters.AddWithValue("$before", before.ToUnixTimeMilliseconds());
        }

        if (query.ActorText is { } actor)
        {
            // instr, not LIKE: the text is matched literally, % and _ included.
            where.Add("instr(lower(actor), lower($actor)) > 0");
            command.Parameters.AddWithValue("$actor", actor);
        }

        if (query.After is { } after)
        {
            where.Add("(at, id) < ($afterAt, $afterId)");
            command.Parameters.AddWithValue("$afterAt", after.AtMs);
            command.Parameters.AddWithValue("$afterId", after.IdText);
        }

        var sql = new StringBuilder("SELECT id, at, actor, kind, target, detail FROM activity");
        if (where.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", where);
        }

        sql.Append(" ORDER BY at DESC, id DESC LIMIT $limit");
        command.Parameters.AddWithValue("$limit", query.Limit + 1);
        command.CommandText = sql.ToString();
    }

    /// <summary>Runs <paramref name="work"/> on a fresh connection, with the table created first on first use.</summary>
    internal async Task<T> RunAsync<T>(string action, Func<SqliteCommand, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            if (Path.GetDirectoryName(options.DataSourcePath) is { Length: > 0 } directory)
            {
                Directory.CreateDirectory(directory);
            }

            await using var connection = new SqliteConnection(options.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            if (!created)
            {
                await using var create = connection.CreateCommand();
                create.CommandText = CreateTable;
                await create.ExecuteNonQueryAsync(cancellationToken);
                created = true;
            }

            await using var command = connection.CreateCommand();
            return await work(command);
        }
        catch (SqliteException exception)
        {
            throw new StoreUnavailableException($"The SQLite store could not {action} (error {exception.SqliteErrorCode}).", exception);
        }
    }
}
