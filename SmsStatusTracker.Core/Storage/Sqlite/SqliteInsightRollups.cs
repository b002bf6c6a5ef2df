using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Insights;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>
/// Keeps the insights rollups in the same transaction as every message insert and change, summed per group commit: a
/// batch of callbacks for messages of the same hour adds to the same few rows, each written once. While messages stored
/// before rollups existed are still being counted (<see cref="SqliteInsightRollupsBackfill"/>), a change to one the
/// backfill has not reached yet is left to the backfill, which counts its stored version then: counting the change
/// here too would count it twice.
/// </summary>
public sealed class SqliteInsightRollups(SqliteInsightBackfillState backfill, TimeProvider time) : ISqliteMessageChangeBatchWriter
{
    private const string AwaitsBackfill = """
        SELECT m.rowid > b.through_rowid AND m.rowid <= b.until_rowid
        FROM messages m, insight_rollup_backfill b WHERE m.id = $id
        """;

    public string Schema => SqliteInsightRollupsSql.Schema;

    public async Task<bool> TakesAsync(Func<string, SqliteCommand> command, StoredMessageChange change, CancellationToken cancellationToken)
    {
        if (backfill.Complete || change.IsInsert)
        {
            return true;
        }

        var check = command(AwaitsBackfill);
        check.Parameters.AddWithValue("$id", change.After.Id.ToString("N"));
        return await check.ExecuteScalarAsync(cancellationToken) is not (long and not 0);
    }

    public Task WriteAsync(Func<string, SqliteCommand> command, IReadOnlyList<StoredMessageChange> changes, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return SqliteInsightRollupsSql.ApplyAsync(command, InsightRollupChange.Sum(changes.SelectMany(change => InsightRollupChange.Of(change, now))), cancellationToken);
    }
}

/// <summary>Whether every message stored before rollups existed has been counted (then changes need no check).</summary>
public sealed class SqliteInsightBackfillState
{
    private volatile bool complete;

    public bool Complete
    {
        get => complete;
        set => complete = value;
    }
}
