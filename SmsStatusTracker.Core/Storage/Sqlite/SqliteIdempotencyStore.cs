using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Sending.Idempotency;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>
/// Idempotency keys in the SQLite file, primary key (scope, key). A claim is one upsert whose update only happens
/// when the row there has expired; SQLite runs it under the write lock, so of concurrent claims (any process on the
/// file) exactly one changes a row. The table is created on first use; the answer is kept as the message's JSON.
/// </summary>
public sealed class SqliteIdempotencyStore(SqliteStoreOptions options) : IIdempotencyStore
{
    private const string CreateTable = """
        CREATE TABLE IF NOT EXISTS idempotency_keys (
            scope       TEXT    NOT NULL,
            key         TEXT    NOT NULL,
            fingerprint TEXT    NOT NULL,
            message_id  TEXT    NOT NULL,
            created_at  INTEGER NOT NULL,
            expires_at  INTEGER NOT NULL,
            result      TEXT,
            PRIMARY KEY (scope, key)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_idempotency_keys_expires ON idempotency_keys (expires_at);
        """;

    private volatile bool created;

    public async Task<IdempotencyClaim> ClaimAsync(IdempotencyRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        return await UseAsync(async command =>
        {
            // A row deleted between the upsert and the read (expired, purged by another process) is claimed again.
            for (var attempt = 0; ; attempt++)
            {
                command.Parameters.Clear();
                command.CommandText = """
                    INSERT INTO idempotency_keys (scope, key, fingerprint, message_id, created_at, expires_at, result)
                    VALUES ($scope, $key, $fingerprint, $messageId, $createdAt, $expiresAt, NULL)
                    ON CONFLICT (scope, key) DO UPDATE SET
                        fingerprint = excluded.fingerprint, message_id = excluded.message_id, created_at = excluded.created_at,
                        expires_at = excluded.expires_at, result = NULL
                    WHERE idempotency_keys.expires_at <= $now
                    """;
                command.Parameters.AddWithValue("$scope", record.Scope);
                command.Parameters.AddWithValue("$key", record.Key);
                command.Parameters.AddWithValue("$fingerprint", record.Fingerprint);
                command.Parameters.AddWithValue("$messageId", record.MessageId.ToString("N"));
                command.Parameters.AddWithValue("$createdAt", record.CreatedAt.ToUnixTimeMilliseconds());
                command.Parameters.AddWithValue("$expiresAt", record.ExpiresAt.ToUnixTimeMilliseconds());
                command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
                if (await command.ExecuteNonQueryAsync(cancellationToken) == 1)
                {
                    return new IdempotencyClaim(true, record with { Result = null });
                }

                command.CommandText = """
                    SELECT fingerprint, message_id, created_at, expires_at, result FROM idempotency_keys
                    WHERE scope = $scope AND key = $key AND expires_at > $now
                    """;
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    return new IdempotencyClaim(false, new IdempotencyRecord(
                        record.Scope,
                        record.Key,
                        reader.GetString(0),
                        Guid.ParseExact(reader.GetString(1), "N"),
                        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                        reader.IsDBNull(4) ? null : MessageJson.DeserializeMessage(reader.GetString(4))));
                }

                if (attempt == 2)
                {
                    throw new StoreUnavailableException("An idempotency key could not be claimed: it kept changing.");
                }
            }
        }, cancellationToken);
    }

    public Task CompleteAsync(string scope, string key, Guid messageId, Message result, CancellationToken cancellationToken) =>
        UseAsync(async command =>
        {
            command.CommandText = "UPDATE idempotency_keys SET result = $result WHERE scope = $scope AND key = $key AND message_id = $messageId";
            command.Parameters.AddWithValue("$result", MessageJson.Serialize(result));
            command.Parameters.AddWithValue("$scope", scope);
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$messageId", messageId.ToString("N"));
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task<int> RemoveExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        UseAsync(async command =>
        {
            command.CommandText = "DELETE FROM idempotency_keys WHERE expires_at <= $now";
            command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    private async Task<T> UseAsync<T>(Func<SqliteCommand, Task<T>> use, CancellationToken cancellationToken)
    {
        try
        {
            if (Path.GetDirectoryName(options.DataSourcePath) is { Length: > 0 } directory)
            {
                Directory.CreateDirectory(directory);
            }

            await using var connection = new SqliteConnection(options.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            if (!created)
            {
                command.CommandText = CreateTable;
                await command.ExecuteNonQueryAsync(cancellationToken);
                created = true;
            }

            return await use(command);
        }
        catch (SqliteException exception)
        {
            throw new StoreUnavailableException($"The idempotency keys could not be used (error {exception.SqliteErrorCode}).", exception);
        }
    }
}
