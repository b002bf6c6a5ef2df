namespace SmsStatusTracker.Core.ActivityLog;

/// <summary>
/// The activity log's store: append-only entries, read back newest first with filters and keyset paging.
/// Adapters: <c>Storage/Sqlite/SqliteActivityLog</c>, <c>Storage/Mongo/MongoActivityLog</c>.
/// </summary>
public interface IActivityLog
{
    /// <summary>Stores the entry durably; throws <see cref="Storage.StoreUnavailableException"/> when it cannot.</summary>
    Task RecordAsync(ActivityEntry entry, CancellationToken cancellationToken);

    /// <summary>A page of the entries matching <paramref name="query"/>, newest first (time, then id, descending).</summary>
    Task<ActivityPage> QueryAsync(ActivityQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes at most <paramref name="batchSize"/> entries older than <paramref name="before"/>; returns how many.</summary>
    Task<int> DeleteOlderThanAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken);
}
