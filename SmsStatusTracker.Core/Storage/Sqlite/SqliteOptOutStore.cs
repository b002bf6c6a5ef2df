using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.OptOuts;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>
/// The opt-out ledger in the SQLite file: the entry and the number's state change in one transaction, and the state
/// moves only forward in time, so entries applied out of order leave the latest one in force.
/// </summary>
public sealed class SqliteOptOutStore(SqliteStoreOptions options, SqliteMessageStore? messages = null) : IOptOutStore
{
    public async Task<bool> AppendAsync(OptOutEntry entry, CancellationToken cancellationToken)
    {
        await SqliteTwoWaySchema.EnsureCreatedAsync(options, cancellationToken);
        return await SqliteWrites.RunAsync(options, messages, "write the opt-out ledger", async command =>
        {
            var insert = command("""
                INSERT INTO opt_out_entries (id, number, action, source, at, actor, detail)
                VALUES ($id, $number, $action, $source, $at, $actor, $detail) ON CONFLICT (id) DO NOTHING
                """);
            insert.Parameters.AddWithValue("$id", entry.Id.ToString("N"));
            insert.Parameters.AddWithValue("$number", entry.Number);
            insert.Parameters.AddWithValue("$action", entry.Action.ToString());
            insert.Parameters.AddWithValue("$source", entry.Source.ToString());
            insert.Parameters.AddWithValue("$at", entry.At.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("$actor", entry.Actor);
            insert.Parameters.AddWithValue("$detail", (object?)entry.Detail ?? DBNull.Value);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }

            if (entry.ChangesState)
            {
                var state = command("""
                    INSERT INTO opt_outs (number, opted_out, changed_at, source) VALUES ($number, $out, $at, $source)
                    ON CONFLICT (number) DO UPDATE SET opted_out = excluded.opted_out, changed_at = excluded.changed_at, source = excluded.source
                    WHERE excluded.changed_at >= opt_outs.changed_at
                    """);
                state.Parameters.AddWithValue("$number", entry.Number);
                state.Parameters.AddWithValue("$out", entry.Action == OptOutAction.OptedOut ? 1 : 0);
                state.Parameters.AddWithValue("$at", entry.At.ToUnixTimeMilliseconds());
                state.Parameters.AddWithValue("$source", entry.Source.ToString());
                await state.ExecuteNonQueryAsync(cancellationToken);
            }

            return true;
        }, cancellationToken);
    }

    public async Task<OptOutNumber?> FindAsync(string number, CancellationToken cancellationToken) =>
        (await QueryStatesAsync("WHERE number = $number", p => p.AddWithValue("$number", number), 1, cancellationToken)).FirstOrDefault();

    public Task<IReadOnlyList<OptOutNumber>> SearchAsync(string? contains, bool optedOutOnly, int limit, CancellationToken cancellationToken)
    {
        var where = "WHERE instr(number, $contains) > 0" + (optedOutOnly ? " AND opted_out = 1" : "");
        return QueryStatesAsync(where, p => p.AddWithValue("$contains", contains ?? ""), limit, cancellationToken);
    }

    public async Task<IReadOnlyList<OptOutEntry>> TrailAsync(string number, CancellationToken cancellationToken)
    {
        await using var connection = await SqliteTwoWaySchema.OpenAsync(options, cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, number, action, source, at, actor, detail FROM opt_out_entries WHERE number = $number ORDER BY at, rowid";
            command.Parameters.AddWithValue("$number", number);
            var trail = new List<OptOutEntry>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                trail.Add(new OptOutEntry
                {
                    Id = Guid.ParseExact(reader.GetString(0), "N"),
                    Number = reader.GetString(1),
                    Action = Enum.Parse<OptOutAction>(reader.GetString(2)),
                    Source = Enum.Parse<OptOutSource>(reader.GetString(3)),
                    At = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                    Actor = reader.GetString(5),
                    Detail = reader.IsDBNull(6) ? null : reader.GetString(6),
                });
            }

            return trail;
        }
        catch (SqliteException exception)
        {
            throw SqliteTwoWaySchema.Unavailable(exception);
        }
    }

    private async Task<IReadOnlyList<OptOutNumber>> QueryStatesAsync(string where, Action<SqliteParameterCollection> bind, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await SqliteTwoWaySchema.OpenAsync(options, cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT number, opted_out, changed_at, source FROM opt_outs {where} ORDER BY number LIMIT $limit";
            bind(command.Parameters);
            command.Parameters.AddWithValue("$limit", Math.Max(1, limit));
            var found = new List<OptOutNumber>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                found.Add(new OptOutNumber(reader.GetString(0), reader.GetInt64(1) == 1, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), Enum.Parse<OptOutSource>(reader.GetString(3))));
            }

            return found;
        }
        catch (SqliteException exception)
        {
            throw SqliteTwoWaySchema.Unavailable(exception);
        }
    }
}
