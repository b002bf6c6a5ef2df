using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Sending.Idempotency;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>
/// Idempotency keys in the SQLite file, primary key (scope, key). A claim is one upsert whose update only happens
/// when the row there has expired; SQLite runs it under the write lock, so of concurrent claims (any process on the
/// file) exactly one changes a row. Writes go through the message store's writer (see <see cref="SqliteWrites"/>). The
/// table is created on first use; the answer is kept as the message's JSON.
/// </summary>
public sealed class SqliteIdempotencyStore(SqliteStoreOptions options, SqliteMessageStore? messages = null) : IIdempotencyStore
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

    private const string ClaimSql = """
        INSERT INTO idempotency_keys (scope, key, fingerprint, message_id, created_at, expires_at, result)
        VALUES ($scope, $key, $fingerprint, $messageId, $createdAt, $expiresAt, NULL)
        ON CONFLICT (scope, key) DO UPDATE SET
            fingerprint = excluded.fingerprint, message_id = excluded.message_id, created_at = excluded.created_at,
            expires_at = excluded.expires_at, result = NULL
        WHERE idempotency_keys.expires_at <= $now
        """;

    private const string HeldSql = """
        SELECT fingerprint, message_id, created_at, expires_at, result FROM idempotency_keys
        WHERE scope = $scope AND key = $key AND expires_at > $now
        """;

    private volatile bool created;

    public Task<IdempotencyClaim> ClaimAsync(IdempotencyRecord record, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync("claim an idempotency key", async command =>
        {
            // The upsert and the read of the holder run in one write transaction: nothing can change the key between them.
            var claim = command(ClaimSql);
            claim.Parameters.AddWithValue("$scope", record.Scope);
            claim.Parameters.AddWithValue("$key", record.Key);
            claim.Parameters.AddWithValue("$fingerprint", record.Fingerprint);
            claim.Parameters.AddWithValue("$messageId", record.MessageId.ToString("N"));
            claim.Parameters.AddWithValue("$createdAt", record.CreatedAt.ToUnixTimeMilliseconds());
            claim.Parameters.AddWithValue("$expiresAt", record.ExpiresAt.ToUnixTimeMilliseconds());
            claim.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            if (await claim.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                return new IdempotencyClaim(true, record with { Result = null });
            }

            var held = command(HeldSql);
            held.Parameters.AddWithValue("$scope", record.Scope);
            held.Parameters.AddWithValue("$key", record.Key);
            held.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            await using var reader = await held.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? new IdempotencyClaim(false, new IdempotencyRecord(
                    record.Scope,
                    record.Key,
                    reader.GetString(0),
                    Guid.ParseExact(reader.GetString(1), "N"),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                    reader.IsDBNull(4) ? null : MessageJson.DeserializeMessage(reader.GetString(4))))
                : throw new InvalidOperationException($"Idempotency key {record.Key} was neither claimable nor held.");
        }, cancellationToken);

    public Task CompleteAsync(string scope, string key, Guid messageId, Message result, CancellationToken cancellationToken) =>
        WriteAsync("record an idempotent answer", async command =>
        {
            var update = command("UPDATE idempotency_keys SET result = $result WHERE scope = $scope AND key = $key AND message_id = $messageId");
            update.Parameters.AddWithValue("$result", MessageJson.Serialize(result));
            update.Parameters.AddWithValue("$scope", scope);
            update.Parameters.AddWithValue("$key", key);
            update.Parameters.AddWithValue("$messageId", messageId.ToString("N"));
            return await update.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task<int> RemoveExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync("delete expired idempotency keys", async command =>
        {
            var delete = command("DELETE FROM idempotency_keys WHERE expires_at <= $now");
            delete.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            return await delete.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    private async Task<T> WriteAsync<T>(string action, Func<Func<string, SqliteCommand>, Task<T>> write, CancellationToken cancellationToken)
    {
        if (!created)
        {
            if (Path.GetDirectoryName(options.DataSourcePath) is { Length: > 0 } directory)
            {
                Directory.CreateDirectory(directory);
            }

            await SqliteWrites.RunAsync(options, null, "create the idempotency keys table", command => command(CreateTable).ExecuteNonQueryAsync(cancellationToken), cancellationToken);
            created = true;
        }

        return await SqliteWrites.RunAsync(options, messages, action, write, cancellationToken);
    }
}
