using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>
/// Exports from SQLite: the log's index walk (<see cref="SqliteQueryBuilder.Keys"/>) in keyset batches, each batch one
/// statement on a pooled connection opened for it, so no read transaction pins the WAL for the length of a download.
/// A search is checked on the walk itself (the trigram index would sort every match per batch): linear in the rows
/// the other filters leave, which an export reads anyway.
/// </summary>
public sealed class SqliteMessageExport(SqliteStoreOptions options) : IMessageExportSource
{
    /// <summary>Tests use small batches to cross many batch boundaries with few messages.</summary>
    internal int BatchSize { get; init; } = IMessageExportSource.BatchSize;

    public async IAsyncEnumerable<Message> ReadAsync(MessageQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var batchQuery = MessageExportBatches.First(query);
        while (true)
        {
            var batch = await ReadBatchAsync(batchQuery, cancellationToken);
            foreach (var message in batch)
            {
                yield return message;
            }

            if (batch.Count < BatchSize)
            {
                yield break;
            }

            batchQuery = MessageExportBatches.After(query, batch[^1]);
        }
    }

    private async Task<List<Message>> ReadBatchAsync(MessageQuery query, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new SqliteConnection(options.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            // The listing's substring rule (MessageQuery.Matches'), so an export holds what the log shows.
            connection.CreateFunction<string?, string, bool>(
                "search_contains", (text, search) => text is not null && text.Contains(search, StringComparison.OrdinalIgnoreCase), isDeterministic: true);
            await using var command = connection.CreateCommand();
            var statuses = SqliteQueryBuilder.Statuses(query, command);
            var conditions = SqliteQueryBuilder.Filters(query, command);
            if (query.SearchText is { } search)
            {
                command.Parameters.AddWithValue("$search", search);
                conditions.Add("(search_contains(m.sid, $search) OR search_contains(m.to_number, $search) OR search_contains(m.body, $search))");
            }

            if (SqliteQueryBuilder.Cursor(query, command) is { } cursor)
            {
                conditions.Add(cursor);
            }

            var direction = SqliteQueryBuilder.Direction(query);
            command.CommandText =
                $"SELECT v.document FROM ({SqliteQueryBuilder.Keys(statuses, conditions, direction)}) k CROSS JOIN messages v ON v.rowid = k.r ORDER BY k.c {direction}, k.i {direction}";
            command.Parameters.AddWithValue("$limit", BatchSize);
            command.Parameters.AddWithValue("$offset", 0);
            command.Parameters.AddWithValue("$branch", BatchSize);
            var batch = new List<Message>(BatchSize);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                batch.Add(MessageJson.DeserializeMessage(reader.GetString(0)));
            }

            return batch;
        }
        catch (SqliteException exception)
        {
            throw new StoreUnavailableException($"The SQLite store could not be read for an export (error {exception.SqliteErrorCode}).", exception);
        }
    }
}
