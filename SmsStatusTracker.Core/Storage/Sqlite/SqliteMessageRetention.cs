using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Retention;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>
/// Retention on the SQLite messages table, one short statement per batch. Emptying a body rewrites the column and
/// the JSON document and moves the version on, inside the same write lock every writer takes, so an update that
/// read the message before sees the new version and re-reads it.
/// </summary>
public sealed class SqliteMessageRetention(SqliteStoreOptions options) : IMessageRetention
{
    public Task<int> RedactBodiesAsync(DateTimeOffset createdBefore, int batchSize, CancellationToken cancellationToken) =>
        ExecuteAsync(
            """
            UPDATE messages SET body = '', version = version + 1,
                document = json_set(document, '$.body', '', '$.version', version + 1)
            WHERE id IN (SELECT id FROM messages WHERE created_at < $before AND body <> '' LIMIT $batch)
            """,
            createdBefore, batchSize, cancellationToken);

    public Task<int> DeleteMessagesAsync(DateTimeOffset createdBefore, int batchSize, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE created_at < $before LIMIT $batch)",
            createdBefore, batchSize, cancellationToken);

    private async Task<int> ExecuteAsync(string sql, DateTimeOffset createdBefore, int batchSize, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new SqliteConnection(options.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous = FULL;";
            await command.ExecuteNonQueryAsync(cancellationToken);
            command.CommandText = sql;
            command.Parameters.AddWithValue("$before", createdBefore.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$batch", batchSize);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException exception)
        {
            throw new StoreUnavailableException($"Retention could not change the SQLite store (error {exception.SqliteErrorCode}).", exception);
        }
    }
}
