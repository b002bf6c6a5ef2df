using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Coordination;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>
/// Leases in the SQLite file: one upsert whose update only happens when the row is the caller's or expired.
/// SQLite runs it under the database write lock, so two processes on the file cannot both win. The table is
/// created on first use.
/// </summary>
public sealed class SqliteLeaseStore(SqliteStoreOptions options) : ILeaseStore
{
    private const string CreateTable = """
        CREATE TABLE IF NOT EXISTS leases (
            name       TEXT    NOT NULL PRIMARY KEY,
            owner      TEXT    NOT NULL,
            expires_at INTEGER NOT NULL
        );
        """;

    private volatile bool created;

    public async Task<bool> TryAcquireAsync(string name, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            """
            INSERT INTO leases (name, owner, expires_at) VALUES ($name, $owner, $until)
            ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
            WHERE leases.owner = excluded.owner OR leases.expires_at <= $now
            """,
            p =>
            {
                p.AddWithValue("$name", name);
                p.AddWithValue("$owner", owner);
                p.AddWithValue("$until", until.ToUnixTimeMilliseconds());
                p.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            },
            cancellationToken) == 1;

    public Task ReleaseAsync(string name, string owner, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE leases SET expires_at = 0 WHERE name = $name AND owner = $owner",
            p =>
            {
                p.AddWithValue("$name", name);
                p.AddWithValue("$owner", owner);
            },
            cancellationToken);

    private async Task<int> ExecuteAsync(string sql, Action<SqliteParameterCollection> bind, CancellationToken cancellationToken)
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

            command.CommandText = sql;
            bind(command.Parameters);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException exception)
        {
            throw new StoreUnavailableException($"The leases could not be written (error {exception.SqliteErrorCode}).", exception);
        }
    }
}
