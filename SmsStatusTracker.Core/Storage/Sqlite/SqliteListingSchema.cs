using Microsoft.Data.Sqlite;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>
/// What the log's filters read: one index per filter, each ending in (created_at, id) so a page is an index range
/// walked in order and stopped after one page, and a trigram full-text table for substring search over SID,
/// recipient and body. Applied on every start: creates what is missing, drops the indexes these replace, and fills
/// the search table once from existing messages (about a minute per million).
/// </summary>
/// <remarks>
/// Write cost is kept to what the filters need: the search table follows inserts and SID changes only (body and
/// numbers never change), and of the listing indexes only the status one (and the error one, for the few
/// messages that fail) moves on a status update. The search table is an external-content table keyed by the
/// messages table's rowid: after a VACUUM (which may renumber rowids of a table without an INTEGER PRIMARY KEY)
/// rebuild it with <c>INSERT INTO messages_search(messages_search) VALUES ('rebuild')</c>.
/// </remarks>
internal static class SqliteListingSchema
{
    public const string SearchTable = "messages_search";

    private const string Indexes = """
        DROP INDEX IF EXISTS ix_messages_created;
        DROP INDEX IF EXISTS ix_messages_status_created;
        DROP INDEX IF EXISTS ix_messages_to;
        CREATE INDEX IF NOT EXISTS ix_messages_created_id ON messages (created_at DESC, id DESC);
        CREATE INDEX IF NOT EXISTS ix_messages_status_created_id ON messages (status, created_at DESC, id DESC);
        CREATE INDEX IF NOT EXISTS ix_messages_to_created_id ON messages (to_number, created_at DESC, id DESC);
        CREATE INDEX IF NOT EXISTS ix_messages_from_created_id ON messages (from_number, created_at DESC, id DESC);
        CREATE INDEX IF NOT EXISTS ix_messages_error_created_id ON messages (error_code, created_at DESC, id DESC) WHERE error_code IS NOT NULL;
        """;

    private const string Search = """
        CREATE VIRTUAL TABLE IF NOT EXISTS messages_search USING fts5(
            sid, to_number, body, content = 'messages', content_rowid = 'rowid', tokenize = 'trigram');
        CREATE TRIGGER IF NOT EXISTS messages_search_insert AFTER INSERT ON messages BEGIN
            INSERT INTO messages_search (rowid, sid, to_number, body) VALUES (new.rowid, new.sid, new.to_number, new.body);
        END;
        CREATE TRIGGER IF NOT EXISTS messages_search_sid AFTER UPDATE OF sid ON messages WHEN old.sid IS NOT new.sid BEGIN
            INSERT INTO messages_search (messages_search, rowid, sid, to_number, body) VALUES ('delete', old.rowid, old.sid, old.to_number, old.body);
            INSERT INTO messages_search (rowid, sid, to_number, body) VALUES (new.rowid, new.sid, new.to_number, new.body);
        END;
        CREATE TRIGGER IF NOT EXISTS messages_search_delete AFTER DELETE ON messages BEGIN
            INSERT INTO messages_search (messages_search, rowid, sid, to_number, body) VALUES ('delete', old.rowid, old.sid, old.to_number, old.body);
        END;
        """;

    public static async Task ApplyAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'messages_search'";
        var searchExisted = (long)(await command.ExecuteScalarAsync(cancellationToken) ?? 0L) > 0;

        command.CommandText = Indexes + Search;
        await command.ExecuteNonQueryAsync(cancellationToken);
        if (!searchExisted)
        {
            // Messages stored before this version: index them once, in the same transaction as the triggers.
            command.CommandText = "INSERT INTO messages_search (messages_search) VALUES ('rebuild')";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
