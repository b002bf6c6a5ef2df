using Microsoft.Data.Sqlite;

namespace SmsStatusTracker.Tests.Infrastructure;

/// <summary>
/// Another writer holding a SQLite database's write lock, as a second process would: taken with
/// <c>BEGIN IMMEDIATE</c> (and a write, so it is held whatever the journal mode), released by rolling back
/// when disposed.
/// </summary>
public sealed class SqliteWriteLock : IAsyncDisposable
{
    private readonly SqliteConnection connection;
    private readonly SqliteTransaction transaction;

    private SqliteWriteLock(SqliteConnection connection, SqliteTransaction transaction)
    {
        this.connection = connection;
        this.transaction = transaction;
    }

    public static async Task<SqliteWriteLock> HoldAsync(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var transaction = connection.BeginTransaction(deferred: false);
        await using (var write = connection.CreateCommand())
        {
            write.CommandText = "CREATE TABLE IF NOT EXISTS lock_holder (x INTEGER); INSERT INTO lock_holder VALUES (1);";
            await write.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        return new SqliteWriteLock(connection, transaction);
    }

    public async ValueTask DisposeAsync()
    {
        await transaction.RollbackAsync(CancellationToken.None);
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
