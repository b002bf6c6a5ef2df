using MongoDB.Driver;
using SmsStatusTracker.Core.OutboundWebhooks;
using static SmsStatusTracker.Core.Storage.Mongo.MongoOutboxDocuments;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>
/// <see cref="IOutboxStore"/> on MongoDB (collections in <see cref="MongoOutboxDocuments"/>). The due query has no
/// join: it reads pending candidates, then keeps those that are the earliest pending event of their endpoint and
/// stream, and whose endpoint is enabled.
/// </summary>
public sealed class MongoOutboxStore(IMongoClient client, MongoStoreOptions options) : IOutboxStore
{
    private const int KeptAttempts = 1000;

    private readonly IMongoDatabase database = options.Database(client);

    private IMongoCollection<EndpointDocument> Endpoints => EndpointCollection(database);

    private IMongoCollection<EventDocument> Events => EventCollection(database);

    private IMongoCollection<AttemptDocument> Attempts => AttemptCollection(database);

    public Task AddEndpointAsync(WebhookEndpoint endpoint, CancellationToken cancellationToken) =>
        MongoDeadline.RunAsync(options, "add a webhook endpoint", async ct =>
        {
            await Endpoints.InsertOneAsync(new EndpointDocument
            {
                Id = endpoint.Id,
                Url = endpoint.Url,
                Subscription = (int)endpoint.Subscription,
                Enabled = endpoint.Enabled,
                ProtectedSecret = endpoint.ProtectedSecret,
                CreatedAt = endpoint.CreatedAt.UtcDateTime,
                CreatedBy = endpoint.CreatedBy,
                DisabledReason = endpoint.DisabledReason,
            }, cancellationToken: ct);
            return 0;
        }, cancellationToken);

    public Task<IReadOnlyList<WebhookEndpoint>> ListEndpointsAsync(CancellationToken cancellationToken) =>
        MongoDeadline.RunAsync<IReadOnlyList<WebhookEndpoint>>(options, "list webhook endpoints", async ct =>
            (await Endpoints.Find(FilterDefinition<EndpointDocument>.Empty).SortBy(d => d.CreatedAt).ThenBy(d => d.Id).ToListAsync(ct))
                .Select(ToEndpoint).ToList(), cancellationToken);

    public Task<WebhookEndpoint?> FindEndpointAsync(string id, CancellationToken cancellationToken) =>
        MongoDeadline.RunAsync(options, "read a webhook endpoint", async ct =>
            await Endpoints.Find(d => d.Id == id).FirstOrDefaultAsync(ct) is { } found ? ToEndpoint(found) : null, cancellationToken);

    public Task<bool> SetEnabledAsync(string id, bool enabled, string? reason, CancellationToken cancellationToken) =>
        MongoDeadline.RunAsync(options, "change a webhook endpoint", async ct =>
        {
            var update = Builders<EndpointDocument>.Update;
            var result = await Endpoints.UpdateOneAsync(
                d => d.Id == id,
                enabled
                    ? update.Set(d => d.Enabled, true).Set(d => d.DisabledReason, null).Set(d => d.FailingSince, null).Set(d => d.ConsecutiveFailed, 0)
                    : update.Set(d => d.Enabled, false).Set(d => d.DisabledReason, reason),
                cancellationToken: ct);
            return result.MatchedCount == 1;
        }, cancellationToken);

    public Task DeleteEndpointAsync(string id, CancellationToken cancellationToken) =>
        MongoDeadline.RunAsync(options, "remove a webhook endpoint", async ct =>
        {
            // The endpoint first: its events are never delivered once it is gone, even if the rest fails.
            await Endpoints.DeleteOneAsync(d => d.Id == id, ct);
            await Events.DeleteManyAsync(d => d.EndpointId == id, ct);
            await Attempts.DeleteManyAsync(d => d.EndpointId == id, ct);
            return 0;
        }, cancellationToken);

    public Task EnqueueAsync(IReadOnlyList<OutboxEvent> events, CancellationToken cancellationToken) =>
        MongoDeadline.RunAsync(options, "enqueue webhook events", async ct =>
        {
            if (events.Count > 0)
            {
                await Events.BulkWriteAsync(events.Select(InsertIfAbsent), cancellationToken: ct);
            }

            return 0;
        }, cancellationToken);

    public Task<IReadOnlyList<OutboxEvent>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        MongoDeadline.RunAsync<IReadOnlyList<OutboxEvent>>(options, "read due webhook events", async ct =>
        {
            var enabled = (await Endpoints.Find(d => d.Enabled).Project(d => d.Id).ToListAsync(ct)).ToHashSet();
            var pending = (int)OutboxEventState.Pending;
            var candidates = await Events
                .Find(d => d.State == pending && d.NextAttemptAt <= now.UtcDateTime)
                .SortBy(d => d.NextAttemptAt).ThenBy(d => d.CreatedAt)
                .Limit(limit * 4)
                .ToListAsync(ct);
            var due = new List<OutboxEvent>();
            foreach (var candidate in candidates.Where(c => enabled.Contains(c.EndpointId)).DistinctBy(c => (c.EndpointId, c.Stream)))
            {
                var head = await Events
                    .Find(d => d.EndpointId == candidate.EndpointId && d.Stream == candidate.Stream && d.State == pending)
                    .SortBy(d => d.Sequence)
                    .Limit(1)
                    .FirstOrDefaultAsync(ct);
                if (head?.Id == candidate.Id || head?.Sequence == candidate.Sequence)
                {
                    due.Add(ToEvent(candidate));
                    if (due.Count == limit)
                    {
                        break;
                    }
                }
            }

            return due;
        }, cancellationToken);

    public async Task<WebhookEndpoint?> RecordAttemptAsync(OutboxEvent outboxEvent, DeliveryAttempt attempt, DateTimeOffset? retryAt, CancellationToken cancellationToken)
    {
        await MongoDeadline.RunAsync(options, "record a webhook attempt", async ct =>
        {
            await Events.UpdateOneAsync(
                d => d.Id == KeyOf(outboxEvent.EndpointId, outboxEvent.EventId),
                Builders<EventDocument>.Update
                    .Set(d => d.State, (int)attempt.Outcome)
                    .Inc(d => d.Attempts, 1)
                    .Set(d => d.NextAttemptAt, (retryAt ?? attempt.AttemptedAt).UtcDateTime)
                    .Set(d => d.LastError, attempt.Error),
                cancellationToken: ct);
            await Attempts.InsertOneAsync(new AttemptDocument
            {
                EndpointId = attempt.EndpointId,
                EventId = attempt.EventId,
                EventType = attempt.EventType,
                AttemptedAt = attempt.AttemptedAt.UtcDateTime,
                Outcome = (int)attempt.Outcome,
                StatusCode = attempt.StatusCode,
                LatencyMs = attempt.LatencyMilliseconds,
                Error = attempt.Error,
            }, cancellationToken: ct);
            var update = Builders<EndpointDocument>.Update;
            if (attempt.Succeeded)
            {
                await Endpoints.UpdateOneAsync(d => d.Id == attempt.EndpointId, update.Set(d => d.FailingSince, null).Set(d => d.ConsecutiveFailed, 0), cancellationToken: ct);
            }
            else
            {
                var dead = attempt.Outcome == OutboxEventState.Failed ? 1 : 0;
                await Endpoints.UpdateOneAsync(d => d.Id == attempt.EndpointId && d.FailingSince == null, update.Set(d => d.FailingSince, attempt.AttemptedAt.UtcDateTime), cancellationToken: ct);
                await Endpoints.UpdateOneAsync(d => d.Id == attempt.EndpointId, update.Inc(d => d.ConsecutiveFailed, dead), cancellationToken: ct);
            }

            var oldest = await Attempts.Find(d => d.EndpointId == attempt.EndpointId).SortByDescending(d => d.Id).Skip(KeptAttempts).Limit(1).FirstOrDefaultAsync(ct);
            if (oldest is not null)
            {
                await Attempts.DeleteManyAsync(d => d.EndpointId == attempt.EndpointId && d.Id <= oldest.Id, ct);
            }

            return 0;
        }, cancellationToken);
        return await FindEndpointAsync(outboxEvent.EndpointId, cancellationToken);
    }

    public Task<IReadOnlyList<DeliveryAttempt>> AttemptsAsync(string endpointId, int limit, CancellationToken cancellationToken) =>
        MongoDeadline.RunAsync<IReadOnlyList<DeliveryAttempt>>(options, "read webhook attempts", async ct =>
            (await Attempts.Find(d => d.EndpointId == endpointId).SortByDescending(d => d.Id).Limit(limit).ToListAsync(ct))
                .Select(d => new DeliveryAttempt(
                    d.EndpointId,
                    d.EventId,
                    d.EventType,
                    new DateTimeOffset(d.AttemptedAt, TimeSpan.Zero),
                    (OutboxEventState)d.Outcome,
                    d.StatusCode,
                    d.LatencyMs,
                    d.Error))
                .ToList(), cancellationToken);

    public Task<long> PendingCountAsync(string endpointId, CancellationToken cancellationToken) =>
        MongoDeadline.RunAsync(options, "count pending webhook events", ct =>
        {
            var pending = (int)OutboxEventState.Pending;
            return Events.CountDocumentsAsync(d => d.EndpointId == endpointId && d.State == pending, cancellationToken: ct);
        }, cancellationToken);

    public Task<int> ReplayAsync(string endpointId, DateTimeOffset since, DateTimeOffset now, CancellationToken cancellationToken) =>
        MongoDeadline.RunAsync(options, "replay webhook events", async ct =>
        {
            var result = await Events.UpdateManyAsync(
                d => d.EndpointId == endpointId && d.CreatedAt >= since.UtcDateTime,
                Builders<EventDocument>.Update
                    .Set(d => d.State, (int)OutboxEventState.Pending)
                    .Set(d => d.Attempts, 0)
                    .Set(d => d.NextAttemptAt, now.UtcDateTime)
                    .Set(d => d.LastError, null),
                cancellationToken: ct);
            return (int)result.ModifiedCount;
        }, cancellationToken);
}
