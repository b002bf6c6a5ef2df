using Microsoft.Data.Sqlite;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>
/// The bulk job tables, beside the others in the file: created if missing on first use, once per file and process
/// (the opt-out tables too, as preflight reads them). Times are Unix milliseconds; ids are GUIDs in "N" form.
/// </summary>
internal static class SqliteBulkSchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS bulk_jobs (
            id            TEXT    NOT NULL PRIMARY KEY,
            owner_user_id TEXT    NOT NULL,
            owner_api_key TEXT,
            created_by    TEXT    NOT NULL,
            source        TEXT    NOT NULL,
            state         TEXT    NOT NULL,
            paused_reason TEXT,
            created_at    INTEGER NOT NULL,
            updated_at    INTEGER NOT NULL,
            completed_at  INTEGER,
            total_rows    INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_bulk_jobs_state ON bulk_jobs (state, created_at);
        CREATE TABLE IF NOT EXISTS bulk_rows (
            job_id         TEXT    NOT NULL,
            row_number     INTEGER NOT NULL,
            to_number      TEXT    NOT NULL,
            body           TEXT    NOT NULL,
            resent_from_id TEXT,
            outcome        TEXT    NOT NULL,
            error          TEXT,
            message_id     TEXT,
            PRIMARY KEY (job_id, row_number)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_bulk_rows_outcome ON bulk_rows (job_id, outcome, row_number);
        """;

    private static readonly SqliteLazyTables Tables = new(Create);

    /// <summary>An open connection with the bulk and opt-out tables in place; a SQLite failure becomes <see cref="StoreUnavailableException"/>.</summary>
    public static async Task<SqliteConnection> OpenAsync(SqliteStoreOptions options, CancellationToken cancellationToken)
    {
        await SqliteTwoWaySchema.EnsureCreatedAsync(options, cancellationToken);
        return await Tables.OpenAsync(options, cancellationToken);
    }
}
