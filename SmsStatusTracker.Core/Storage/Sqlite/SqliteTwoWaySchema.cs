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

    private static readonly SqliteLazyTables Tables = new(Create);

    /// <inheritdoc cref="SqliteLazyTables.EnsureCreatedAsync"/>
    public static Task EnsureCreatedAsync(SqliteStoreOptions options, CancellationToken cancellationToken) =>
        Tables.EnsureCreatedAsync(options, cancellationToken);

    /// <inheritdoc cref="SqliteLazyTables.OpenAsync"/>
    public static Task<SqliteConnection> OpenAsync(SqliteStoreOptions options, CancellationToken cancellationToken) =>
        Tables.OpenAsync(options, cancellationToken);

    public static StoreUnavailableException Unavailable(SqliteException exception) => SqliteLazyTables.Unavailable(exception);
}
