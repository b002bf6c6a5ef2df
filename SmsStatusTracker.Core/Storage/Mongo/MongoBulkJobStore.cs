using MongoDB.Driver;
using SmsStatusTracker.Core.Bulk;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>
/// Bulk jobs in two collections: <c>bulk_jobs</c> and <c>bulk_rows</c>. The rows are inserted before the job (in
/// ordered batches; a retried insert skips rows already there), so a job is never visible without its rows; state
/// changes and row outcomes are conditional updates, as in the SQLite adapter.
/// </summary>
public sealed class MongoBulkJobStore(IMongoClient client, MongoStoreOptions options) : IBulkJobStore
{
    public const string JobsCollection = "bulk_jobs";
    public const string RowsCollection = "bulk_rows";

    private readonly IMongoCollection<BulkJobDocument> jobs = options.Database(client).GetCollection<BulkJobDocument>(JobsCollection);
    private readonly IMongoCollection<BulkRowDocument> rows = options.Database(client).GetCollection<BulkRowDocument>(RowsCollection);
    private readonly IMongoCollection<MongoOptOutStore.StateDocument> optOuts = options.Database(client).GetCollection<MongoOptOutStore.StateDocument>(MongoOptOutStore.StatesCollection);
    private readonly SemaphoreSlim indexGate = new(1, 1);
    private volatile bool indexed;

    public Task AddAsync(BulkJob job, IReadOnlyList<BulkRow> newRows, CancellationToken cancellationToken) => RunAsync(async () =>
    {
        await EnsureIndexesAsync(cancellationToken);
        foreach (var chunk in newRows.Chunk(1000))
        {
            try
            {
                await rows.InsertManyAsync(chunk.Select(BulkRowDocument.From), new InsertManyOptions { IsOrdered = false }, cancellationToken);
            }
            catch (Exception exception) when (MongoErrors.IsDuplicateKey(exception))
            {
                // A retry of an interrupted add: the rows already there are the same rows.
            }
        }

        await jobs.InsertOneAsync(BulkJobDocument.From(job), cancellationToken: cancellationToken);
        return 0;
    }, "store a bulk job");

    public Task<BulkJob?> FindAsync(Guid id, CancellationToken cancellationToken) => RunAsync(async () =>
        (await jobs.Find(d => d.Id == id.ToString("N")).FirstOrDefaultAsync(cancellationToken))?.ToJob(), "read a bulk job");

    public Task<IReadOnlyList<BulkJob>> ListAsync(int limit, CancellationToken cancellationToken) => RunAsync(async () =>
        (IReadOnlyList<BulkJob>)(await jobs.Find(FilterDefinition<BulkJobDocument>.Empty).SortByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Limit(Math.Max(1, limit)).ToListAsync(cancellationToken)).Select(d => d.ToJob()).ToList(), "list bulk jobs");

    public Task<IReadOnlyList<BulkJob>> FindInStateAsync(BulkJobState state, CancellationToken cancellationToken) => RunAsync(async () =>
        (IReadOnlyList<BulkJob>)(await jobs.Find(d => d.State == state.ToString()).SortBy(d => d.CreatedAt).ThenBy(d => d.Id)
            .ToListAsync(cancellationToken)).Select(d => d.ToJob()).ToList(), "list bulk jobs");

    public Task<BulkJob?> TransitionAsync(Guid id, IReadOnlyCollection<BulkJobState> from, BulkJobState to, string? pausedReason, DateTimeOffset at, CancellationToken cancellationToken) => RunAsync(async () =>
    {
        var update = Builders<BulkJobDocument>.Update.Set(d => d.State, to.ToString()).Set(d => d.PausedReason, pausedReason).Set(d => d.UpdatedAt, at.UtcDateTime);
        if (to is BulkJobState.Completed or BulkJobState.Canceled)
        {
            update = update.Set(d => d.CompletedAt, at.UtcDateTime);
        }

        var states = from.Select(s => s.ToString()).ToList();
        await jobs.UpdateOneAsync(
            Builders<BulkJobDocument>.Filter.Eq(d => d.Id, id.ToString("N")) & Builders<BulkJobDocument>.Filter.In(d => d.State, states),
            update,
            cancellationToken: cancellationToken);
        return (await jobs.Find(d => d.Id == id.ToString("N")).FirstOrDefaultAsync(cancellationToken))?.ToJob();
    }, "change a bulk job");

    public Task<IReadOnlyList<BulkRow>> PendingRowsAsync(Guid jobId, int afterRow, int limit, CancellationToken cancellationToken) =>
        QueryRowsAsync(jobId, afterRow, limit, BulkRowOutcome.Pending, cancellationToken);

    public Task<IReadOnlyList<BulkRow>> RowsAsync(Guid jobId, int afterRow, int limit, bool excludedOnly, CancellationToken cancellationToken) =>
        QueryRowsAsync(jobId, afterRow, limit, excludedOnly ? BulkRowOutcome.Excluded : null, cancellationToken);

    public async Task<bool> SettleRowAsync(Guid jobId, int rowNumber, BulkRowOutcome outcome, Guid? messageId, string? error, CancellationToken cancellationToken) =>
        await SettleRowsAsync(jobId, [new BulkRowSettlement(rowNumber, outcome, messageId, error)], cancellationToken) == 1;

    // A row canceled while its send was under way still records what the send did.
    private static FilterDefinition<BulkRowDocument> SettleableRow(Guid jobId, int rowNumber, Guid? messageId)
    {
        var filter = Builders<BulkRowDocument>.Filter;
        var settleable = filter.Eq(d => d.Outcome, nameof(BulkRowOutcome.Pending));
        if (messageId is not null)
        {
            settleable |= filter.Eq(d => d.Outcome, nameof(BulkRowOutcome.Canceled));
        }

        return filter.Eq(d => d.Id, BulkRowDocument.IdOf(jobId, rowNumber)) & settleable;
    }

    public Task<int> SettleRowsAsync(Guid jobId, IReadOnlyList<BulkRowSettlement> settlements, CancellationToken cancellationToken) => RunAsync(async () =>
    {
        if (settlements.Count == 0)
        {
            return 0;
        }

        var models = settlements.Select(s => (WriteModel<BulkRowDocument>)new UpdateOneModel<BulkRowDocument>(
            SettleableRow(jobId, s.RowNumber, s.MessageId),
            Builders<BulkRowDocument>.Update.Set(d => d.Outcome, s.Outcome.ToString()).Set(d => d.MessageId, s.MessageId?.ToString("N")).Set(d => d.Error, s.Error))).ToList();
        var result = await rows.BulkWriteAsync(models, new BulkWriteOptions { IsOrdered = false }, cancellationToken);
        return (int)result.ModifiedCount;
    }, "settle bulk rows");

    public Task<int> SettlePendingAsync(Guid jobId, BulkRowOutcome outcome, CancellationToken cancellationToken) => RunAsync(async () =>
    {
        var result = await rows.UpdateManyAsync(
            d => d.JobId == jobId.ToString("N") && d.Outcome == nameof(BulkRowOutcome.Pending),
            Builders<BulkRowDocument>.Update.Set(d => d.Outcome, outcome.ToString()),
            cancellationToken: cancellationToken);
        return (int)result.ModifiedCount;
    }, "cancel bulk rows");

    public Task<IReadOnlyDictionary<BulkRowOutcome, int>> CountAsync(Guid jobId, CancellationToken cancellationToken) => RunAsync(async () =>
    {
        var groups = await rows.Aggregate()
            .Match(d => d.JobId == jobId.ToString("N"))
            .Group(d => d.Outcome, g => new { Outcome = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return (IReadOnlyDictionary<BulkRowOutcome, int>)groups.ToDictionary(g => Enum.Parse<BulkRowOutcome>(g.Outcome), g => g.Count);
    }, "count bulk rows");

    public Task<IReadOnlySet<string>> OptedOutAmongAsync(IReadOnlyCollection<string> numbers, CancellationToken cancellationToken) => RunAsync(async () =>
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in numbers.Chunk(1000))
        {
            var states = await optOuts.Find(Builders<MongoOptOutStore.StateDocument>.Filter.In(d => d.Number, chunk) & Builders<MongoOptOutStore.StateDocument>.Filter.Eq(d => d.OptedOut, true))
                .Project(d => d.Number).ToListAsync(cancellationToken);
            found.UnionWith(states);
        }

        return (IReadOnlySet<string>)found;
    }, "read the opt-out ledger");

    private Task<IReadOnlyList<BulkRow>> QueryRowsAsync(Guid jobId, int afterRow, int limit, BulkRowOutcome? outcome, CancellationToken cancellationToken) => RunAsync(async () =>
    {
        var filter = Builders<BulkRowDocument>.Filter;
        var query = filter.Eq(d => d.JobId, jobId.ToString("N")) & filter.Gt(d => d.RowNumber, afterRow);
        if (outcome is { } wanted)
        {
            query &= filter.Eq(d => d.Outcome, wanted.ToString());
        }

        var found = await rows.Find(query).SortBy(d => d.RowNumber).Limit(Math.Max(1, limit)).ToListAsync(cancellationToken);
        return (IReadOnlyList<BulkRow>)found.Select(d => d.ToRow()).ToList();
    }, "read bulk rows");

    private async Task EnsureIndexesAsync(CancellationToken cancellationToken)
    {
        if (indexed)
        {
            return;
        }

        await indexGate.WaitAsync(cancellationToken);
        try
        {
            if (!indexed)
            {
                var keys = Builders<BulkRowDocument>.IndexKeys;
                await rows.Indexes.CreateManyAsync(
                    [
                        new CreateIndexModel<BulkRowDocument>(keys.Ascending(d => d.JobId).Ascending(d => d.RowNumber), new CreateIndexOptions { Name = "ix_job_row" }),
                        new CreateIndexModel<BulkRowDocument>(keys.Ascending(d => d.JobId).Ascending(d => d.Outcome).Ascending(d => d.RowNumber), new CreateIndexOptions { Name = "ix_job_outcome_row" }),
                    ],
                    cancellationToken);
                await jobs.Indexes.CreateOneAsync(
                    new CreateIndexModel<BulkJobDocument>(Builders<BulkJobDocument>.IndexKeys.Ascending(d => d.State).Ascending(d => d.CreatedAt), new CreateIndexOptions { Name = "ix_state_created" }),
                    cancellationToken: cancellationToken);
                indexed = true;
            }
        }
        finally
        {
            indexGate.Release();
        }
    }

    private async Task<T> RunAsync<T>(Func<Task<T>> operation, string what)
    {
        try
        {
            return await operation();
        }
        catch (Exception exception) when (MongoErrors.IsUnavailable(exception))
        {
            throw new StoreUnavailableException($"{options.Description} could not {what} ({exception.GetType().Name}).", exception);
        }
    }
}
