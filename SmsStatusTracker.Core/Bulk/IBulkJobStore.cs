namespace SmsStatusTracker.Core.Bulk;

/// <summary>
/// Bulk jobs and their rows. One adapter per backend; the contract suite (<c>BulkJobStoreContract</c>) holds them to
/// the same behaviour. Throws <see cref="Storage.StoreUnavailableException"/> when the store cannot answer.
/// </summary>
public interface IBulkJobStore
{
    /// <summary>Stores a new job with all its rows (one transaction where the engine has them; a job is visible only once its rows are).</summary>
    Task AddAsync(BulkJob job, IReadOnlyList<BulkRow> rows, CancellationToken cancellationToken);

    Task<BulkJob?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<BulkJob>> ListAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Jobs in <paramref name="state"/>, oldest first.</summary>
    Task<IReadOnlyList<BulkJob>> FindInStateAsync(BulkJobState state, CancellationToken cancellationToken);

    /// <summary>
    /// Changes the job's state only if it is one of <paramref name="from"/> now (one conditional write); returns the stored
    /// job after the attempt, or null when there is no such job.
    /// </summary>
    Task<BulkJob?> TransitionAsync(Guid id, IReadOnlyCollection<BulkJobState> from, BulkJobState to, string? pausedReason, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Pending rows in row order, from after <paramref name="afterRow"/>, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<BulkRow>> PendingRowsAsync(Guid jobId, int afterRow, int limit, CancellationToken cancellationToken);

    /// <summary>Sets a row's outcome (and message id) if it is still pending; false when it was not (already settled).</summary>
    Task<bool> SettleRowAsync(Guid jobId, int rowNumber, BulkRowOutcome outcome, Guid? messageId, string? error, CancellationToken cancellationToken);

    /// <summary>As <see cref="SettleRowAsync"/> for many rows of one job, in one write where the engine allows; returns how many changed.</summary>
    Task<int> SettleRowsAsync(Guid jobId, IReadOnlyList<BulkRowSettlement> settlements, CancellationToken cancellationToken);

    /// <summary>Every pending row of the job becomes <paramref name="outcome"/> (cancel); returns how many.</summary>
    Task<int> SettlePendingAsync(Guid jobId, BulkRowOutcome outcome, CancellationToken cancellationToken);

    /// <summary>The job's rows by outcome.</summary>
    Task<IReadOnlyDictionary<BulkRowOutcome, int>> CountAsync(Guid jobId, CancellationToken cancellationToken);

    /// <summary>Rows in row order, from after <paramref name="afterRow"/>, at most <paramref name="limit"/> (for the outcome CSV and the report).</summary>
    Task<IReadOnlyList<BulkRow>> RowsAsync(Guid jobId, int afterRow, int limit, bool excludedOnly, CancellationToken cancellationToken);

    /// <summary>Which of <paramref name="numbers"/> (E.164) are opted out now: the opt-out ledger's state read in batches, for preflight.</summary>
    Task<IReadOnlySet<string>> OptedOutAmongAsync(IReadOnlyCollection<string> numbers, CancellationToken cancellationToken);
}
