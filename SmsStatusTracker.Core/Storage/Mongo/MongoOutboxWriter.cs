using MongoDB.Driver;
using SmsStatusTracker.Core.OutboundWebhooks;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>
/// Writes a status change's outbox documents, one per enabled endpoint that wants it, on the message write's
/// transaction session: the change and its events commit together or not at all.
/// </summary>
internal sealed class MongoOutboxWriter : IMongoMessageChangeWriter
{
    public Task InitializeAsync(IMongoDatabase database, CancellationToken cancellationToken) =>
        MongoOutboxDocuments.CreateIndexesAsync(database, cancellationToken);

    public async Task WriteAsync(IClientSessionHandle session, IMongoDatabase database, StoredMessageChange change, CancellationToken cancellationToken)
    {
        if (!change.StatusChanged)
        {
            return;
        }

        var endpoints = await MongoOutboxDocuments.EndpointCollection(database)
            .Find(session, d => d.Enabled)
            .ToListAsync(cancellationToken);
        var events = OutboundEventPayload.ForChange(change, endpoints.Select(MongoOutboxDocuments.ToEndpoint))
            .Select(MongoOutboxDocuments.InsertIfAbsent)
            .ToList();
        if (events.Count > 0)
        {
            await MongoOutboxDocuments.EventCollection(database).BulkWriteAsync(session, events, cancellationToken: cancellationToken);
        }
    }
}
