namespace SmsStatusTracker.Core.Storage.Sqlite;

internal static class SqliteSchema
{
    // The whole message is kept as JSON in `document`; the other columns exist to be filtered and sorted on.
    // Reconciliation's index holds only messages not yet final (its query says `is_final = 0`), so the callbacks
    // that follow a final status, which only move updated_at, leave it alone; it replaced ix_messages_unsettled
    // (is_final, updated_at), which every callback rewrote.
    public const string Create = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS messages (
            id          TEXT    NOT NULL PRIMARY KEY,
            sid         TEXT    UNIQUE,
            to_number   TEXT    NOT NULL,
            from_number TEXT    NOT NULL,
            body        TEXT    NOT NULL,
            status      TEXT    NOT NULL,
            error_code  INTEGER,
            is_final    INTEGER NOT NULL,
            created_at  INTEGER NOT NULL,
            updated_at  INTEGER NOT NULL,
            version     INTEGER NOT NULL,
            document    TEXT    NOT NULL
        );
        DROP INDEX IF EXISTS ix_messages_unsettled;
        CREATE INDEX IF NOT EXISTS ix_messages_unsettled_open ON messages (updated_at) WHERE is_final = 0;
        CREATE TABLE IF NOT EXISTS parked_status_events (
            id          TEXT    NOT NULL PRIMARY KEY,
            sid         TEXT    NOT NULL,
            received_at INTEGER NOT NULL,
            document    TEXT    NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_parked_sid ON parked_status_events (sid);
        CREATE INDEX IF NOT EXISTS ix_parked_received ON parked_status_events (received_at);
        CREATE INDEX IF NOT EXISTS ix_messages_resent_from ON messages (json_extract(document, '$.resentFromId')) WHERE json_extract(document, '$.resentFromId') IS NOT NULL;
        """;
}
