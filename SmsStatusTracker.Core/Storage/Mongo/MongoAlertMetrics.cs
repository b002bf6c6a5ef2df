using MongoDB.Bson;
using MongoDB.Driver;
using SmsStatusTracker.Core.Alerts;
using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>
/// Alert numbers as counts on the messages' existing indexes, no new ones: outcomes and delivery times use
/// ix_messages_status_created_id (one equality per status), an error code ix_messages_error_created_id, and callbacks
/// missing and stuck messages the reconciler's partial ix_messages_unsettled_updated_id (each filter repeats its
/// partial condition, see <see cref="MongoMessageStore.Unsettled"/>).
/// </summary>
public sealed class MongoAlertMetrics(IMongoClient client, MongoStoreOptions options) : IAlertMetrics
{
    private static readonly FilterDefinitionBuilder<MessageDocument> Filter = Builders<MessageDocument>.Filter;
    private static readonly string[] Failed = [MessageStatus.Failed.ToWireName(), MessageStatus.Undelivered.ToWireName()];
    private static readonly string[] Succeeded = [MessageStatus.Delivered.ToWireName(), MessageStatus.Read.ToWireName()];

    private readonly IMongoCollection<MessageDocument> messages = options.Database(client).GetCollection<MessageDocument>(MongoStoreOptions.MessagesCollection);

    internal static FilterDefinition<MessageDocument> Created(IEnumerable<string> statuses, DateTimeOffset since, DateTimeOffset until) =>
        Filter.In(d => d.Status, statuses) & Filter.Gte(d => d.CreatedAt, since.UtcDateTime) & Filter.Lt(d => d.CreatedAt, until.UtcDateTime);

    internal static FilterDefinition<MessageDocument> WithoutCallback(DateTimeOffset since, DateTimeOffset until) =>
        MongoIndexes.IsUnsettled
        & Filter.Eq(d => d.ReconciliationGaveUpAt, null)
        & Filter.Gte(d => d.UpdatedAt, since.UtcDateTime)
        & Filter.Lt(d => d.UpdatedAt, until.UtcDateTime)
        & MongoIndexes.HasSid
        & Filter.Not(Filter.ElemMatch(d => d.History, e => e.Source == nameof(StatusEventSource.Callback)));

    public Task<(long Outcomes, long Failed)> CountOutcomesAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            var failed = await messages.CountDocumentsAsync(Created(Failed, since, until), cancellationToken: cancellationToken);
            var succeeded = await messages.CountDocumentsAsync(Created(Succeeded, since, until), cancellationToken: cancellationToken);
            return (failed + succeeded, failed);
        });

    public Task<long> CountErrorAsync(int errorCode, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken) =>
        RunAsync(() => messages.CountDocumentsAsync(
            Filter.Eq(d => d.ErrorCode, errorCode) & Filter.Gte(d => d.CreatedAt, since.UtcDateTime) & Filter.Lt(d => d.CreatedAt, until.UtcDateTime),
            cancellationToken: cancellationToken));

    public Task<IReadOnlyList<TimeSpan>> DeliveryTimesAsync(DateTimeOffset since, DateTimeOffset until, int limit, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<TimeSpan>>(async () =>
        {
            var found = await messages.Find(Created(Succeeded, since, until))
                .Project(Builders<MessageDocument>.Projection.Include(d => d.CreatedAt).Include(d => d.DeliveredAt))
                .Limit(Math.Max(1, limit))
                .ToListAsync(cancellationToken);
            return [.. found
                .Where(d => d.TryGetValue("deliveredAt", out var delivered) && delivered.IsValidDateTime)
                .Select(d => d["deliveredAt"].ToUniversalTime() - d["createdAt"].ToUniversalTime())];
        });

    public Task<long> CountWithoutCallbackAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken) =>
        RunAsync(() => messages.CountDocumentsAsync(WithoutCallback(since, until), cancellationToken: cancellationToken));

    public Task<long> CountStuckAsync(DateTimeOffset updatedBefore, CancellationToken cancellationToken) =>
        RunAsync(() => messages.CountDocumentsAsync(MongoMessageStore.Unsettled(updatedBefore), cancellationToken: cancellationToken));

    private async Task<T> RunAsync<T>(Func<Task<T>> query)
    {
        try
        {
            return await query();
        }
        catch (Exception exception) when (MongoErrors.IsUnavailable(exception))
        {
            throw new StoreUnavailableException($"{options.Description} could not count messages for alerts ({exception.GetType().Name}).", exception);
        }
    }
}
