using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>
/// The inbound-message and opt-out tables, beside <see cref="SqliteSchema"/>'s: created if missing (so an existing file
/// gains them on first use), once per database file and process. Numbers are E.164; times are Unix milliseconds.
/// </summary>
internal static class SqliteTwoWaySchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS inbound_messages (
            sid         TEXT    NOT NULL PRIMARY KEY,
            from_number TEXT    NOT NULL,
            to_number   TEXT    NOT NULL,
            body        TEXT    NOT NULL,
            received_at INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_inbound_from ON inbound_messages (from_number, received_at);
        CREATE TABLE IF NOT EXISTS opt_out_entries (
            id       TEXT    NOT NULL PRIMARY KEY,
            number   TEXT    NOT NULL,
            action   TEXT    NOT NULL,
            source   TEXT    NOT NULL,
            at       INTEGER NOT NULL,
            actor    TEXT    NOT NULL,
            detail   TEXT
        );
        CREATE INDEX IF NOT EXISTS ix_opt_out_entries_number ON opt_out_entries (number, at);
        CREATE TABLE IF NOT EXISTS opt_outs (
            number     TEXT    NOT NULL PRIMARY KEY,
            opted_out  INTEGER NOT NULL,
            changed_at INTEGER NOT NULL,
            source     TEXT    NOT NULL
        );
        """;

    private static readonly ConcurrentDictionary<string, bool> Created = new(StringComparer.Ordinal);

    /// <summary>Creates the tables once per file and process; a SQLite failure becomes <see cref="StoreUnavailableException"/>.</summary>
    public static async Task EnsureCreatedAsync(SqliteStoreOptions options, CancellationToken cancellationToken)
    {
        if (!Created.ContainsKey(options.ConnectionString))
        {
            await (await OpenAsync(options, cancellationToken)).DisposeAsync();
        }
    }

    /// <summary>An open connection to the file, its tables in place; a SQLite failure becomes <see cref="StoreUnavailableException"/>.</summary>
    public static async Task<SqliteConnection> OpenAsync(SqliteStoreOptions options, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(options.ConnectionString);
        try
        {
            if (Path.GetDirectoryName(options.DataSourcePath) is { Length: > 0 } directory)
            {
                Directory.CreateDirectory(directory);
            }

            await connection.OpenAsync(cancellationToken);
            if (!Created.ContainsKey(options.ConnectionString))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = Create;
                await command.ExecuteNonQueryAsync(cancellationToken);
                Created[options.ConnectionString] = true;
            }

            return connection;
        }
        catch (SqliteException exception)
        {
            await connection.DisposeAsync();
            throw Unavailable(exception);
        }
    }

    public static StoreUnavailableException Unavailable(SqliteException exception) =>
        new($"The SQLite store could not be used now (error {exception.SqliteErrorCode}).", exception);
}
