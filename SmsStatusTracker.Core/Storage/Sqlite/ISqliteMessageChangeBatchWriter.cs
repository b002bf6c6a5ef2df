using Microsoft.Data.Sqlite;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>
/// Rows written once per group commit for every message change in it, in the same transaction (insights rollups: a
/// batch of callbacks adds to a handful of counter rows, which one write each covers instead of ten writes per change).
/// A change counts only if its own write is kept; a batch whose companion write fails commits nothing.
/// </summary>
public interface ISqliteMessageChangeBatchWriter
{
    /// <summary>The tables and indexes it needs (<c>CREATE … IF NOT EXISTS</c>), run by the store's initialization.</summary>
    string Schema { get; }

    /// <summary>
    /// Whether <paramref name="change"/> is one to write, decided inside the change's own write (so against the state
    /// that write sees). Runs on the store's single writer.
    /// </summary>
    Task<bool> TakesAsync(Func<string, SqliteCommand> command, StoredMessageChange change, CancellationToken cancellationToken);

    /// <summary>
    /// Writes what follows from <paramref name="changes"/> (the taken changes of the batch's kept writes, in write
    /// order), just before the batch commits. Runs on the store's single writer.
    /// </summary>
    Task WriteAsync(Func<string, SqliteCommand> command, IReadOnlyList<StoredMessageChange> changes, CancellationToken cancellationToken);
}
