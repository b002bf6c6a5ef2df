using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.ApiKeys;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>API keys in the embedded SQLite file, beside the messages.</summary>
public sealed class SqliteApiKeyStore(SqliteStoreOptions options) : IApiKeyStore
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (Path.GetDirectoryName(options.DataSourcePath) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        await ExecuteAsync("""
            CREATE TABLE IF NOT EXISTS api_keys (
                id           TEXT    NOT NULL PRIMARY KEY,
                user_id      TEXT    NOT NULL,
                name         TEXT    NOT NULL,
                secret_hash  TEXT    NOT NULL,
                created_at   INTEGER NOT NULL,
                last_used_at INTEGER,
                revoked_at   INTEGER
            );
            CREATE INDEX IF NOT EXISTS ix_api_keys_user ON api_keys (user_id, created_at DESC);
            """, _ => { }, cancellationToken);
    }

    public Task AddAsync(ApiKey key, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "INSERT INTO api_keys (id, user_id, name, secret_hash, created_at) VALUES ($id, $user, $name, $hash, $created)",
            p =>
            {
                p.AddWithValue("$id", key.Id.ToString("N"));
                p.AddWithValue("$user", key.UserId);
                p.AddWithValue("$name", key.Name);
                p.AddWithValue("$hash", key.SecretHash);
                p.AddWithValue("$created", key.CreatedAt.ToUnixTimeMilliseconds());
            },
            cancellationToken);

    public async Task<ApiKey?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        (await QueryAsync("WHERE id = $id", p => p.AddWithValue("$id", id.ToString("N")), cancellationToken)).SingleOrDefault();

    public Task<IReadOnlyList<ApiKey>> ListAsync(string? userId, CancellationToken cancellationToken) =>
        userId is null
            ? QueryAsync("", _ => { }, cancellationToken)
            : QueryAsync("WHERE user_id = $user", p => p.AddWithValue("$user", userId), cancellationToken);

    public async Task<bool> RevokeAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var changed = 0;
        await ExecuteAsync(
            "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $at) WHERE id = $id",
            p =>
            {
                p.AddWithValue("$id", id.ToString("N"));
                p.AddWithValue("$at", at.ToUnixTimeMilliseconds());
            },
            cancellationToken,
            rows => changed = rows);
        return changed > 0;
    }

    public Task RecordUseAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE api_keys SET last_used_at = $at WHERE id = $id",
            p =>
            {
                p.AddWithValue("$id", id.ToString("N"));
                p.AddWithValue("$at", at.ToUnixTimeMilliseconds());
            },
            cancellationToken);

    private async Task<IReadOnlyList<ApiKey>> QueryAsync(string where, Action<SqliteParameterCollection> bind, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new SqliteConnection(options.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT id, user_id, name, secret_hash, created_at, last_used_at, revoked_at FROM api_keys {where} ORDER BY created_at DESC";
            bind(command.Parameters);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var keys = new List<ApiKey>();
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add(new ApiKey
                {
                    Id = Guid.ParseExact(reader.GetString(0), "N"),
                    UserId = reader.GetString(1),
                    Name = reader.GetString(2),
                    SecretHash = reader.GetString(3),
                    CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                    LastUsedAt = reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                    RevokedAt = reader.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                });
            }

            return keys;
        }
        catch (SqliteException exception)
        {
            throw new StoreUnavailableException($"The API keys could not be read (error {exception.SqliteErrorCode}).", exception);
        }
    }

    private async Task ExecuteAsync(string sql, Action<SqliteParameterCollection> bind, CancellationToken cancellationToken, Action<int>? rows = null)
    {
        try
        {
            await using var connection = new SqliteConnection(options.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            bind(command.Parameters);
            var affected = await command.ExecuteNonQueryAsync(cancellationToken);
            rows?.Invoke(affected);
        }
        catch (SqliteException exception)
        {
            throw new StoreUnavailableException($"The API keys could not be written (error {exception.SqliteErrorCode}).", exception);
        }
    }
}
