using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>
/// The tables of a store beside the messages (<c>CREATE … IF NOT EXISTS</c>), created on first use once per database
/// file and process, so an existing file gains them without a migration step.
/// </summary>
internal sealed class SqliteLazyTables(string create)
{
    private readonly ConcurrentDictionary<string, bool> created = new(StringComparer.Ordinal);

    /// <summary>An open connection to the file, these tables in place; a SQLite failure becomes <see cref="StoreUnavailableException"/>.</summary>
    public async Task<SqliteConnection> OpenAsync(SqliteStoreOptions options, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(options.ConnectionString);
        try
        {
            if (Path.GetDirectoryName(options.DataSourcePath) is { Length: > 0 } directory)
            {
                Directory.CreateDirectory(directory);
            }

            await connection.OpenAsync(cancellationToken);
            await EnsureOnAsync(connection, options, cancellationToken);
            return connection;
        }
        catch (SqliteException exception)
        {
            await connection.DisposeAsync();
            throw Unavailable(exception);
        }
    }

    /// <summary>Creates the tables once per file and process; a SQLite failure becomes <see cref="StoreUnavailableException"/>.</summary>
    public async Task EnsureCreatedAsync(SqliteStoreOptions options, CancellationToken cancellationToken)
    {
        if (!created.ContainsKey(options.ConnectionString))
        {
            await (await OpenAsync(options, cancellationToken)).DisposeAsync();
        }
    }

    public static StoreUnavailableException Unavailable(SqliteException exception) =>
        new($"The SQLite store could not be used now (error {exception.SqliteErrorCode}).", exception);

    private async Task EnsureOnAsync(SqliteConnection connection, SqliteStoreOptions options, CancellationToken cancellationToken)
    {
        if (!created.ContainsKey(options.ConnectionString))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = create;
            await command.ExecuteNonQueryAsync(cancellationToken);
            created[options.ConnectionString] = true;
        }
    }
}
