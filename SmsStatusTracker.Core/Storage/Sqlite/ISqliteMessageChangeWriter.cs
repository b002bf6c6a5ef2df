using Microsoft.Data.Sqlite;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>
/// Rows written in the same SQLite transaction as every message insert and change (rollups, outbox events): the store
/// calls each registered writer inside the write's savepoint, so a failing companion rolls the message change back
/// with it and a committed change always has its companions' rows.
/// </summary>
public interface ISqliteMessageChangeWriter
{
    /// <summary>The tables and indexes it needs (<c>CREATE … IF NOT EXISTS</c>), run by the store's initialization.</summary>
    string Schema { get; }

    /// <summary>
    /// Writes what follows from <paramref name="change"/>. <paramref name="command"/> gives a prepared statement for
    /// its SQL on the writer's connection, enlisted in the write's transaction. Runs on the store's single writer:
    /// keep it to a few indexed statements.
    /// </summary>
    Task WriteAsync(Func<string, SqliteCommand> command, StoredMessageChange change, CancellationToken cancellationToken);
}
