using MongoDB.Driver;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>
/// Documents written in the same MongoDB transaction as every message insert and change (rollups, outbox events).
/// When any is registered, the message store writes inside a multi-document transaction (MongoDB needs a replica set
/// for that; a single-node replica set will do), so a change never commits without its companions' writes.
/// </summary>
public interface IMongoMessageChangeWriter
{
    /// <summary>Creates the collections and indexes it needs; run by the store's initialization.</summary>
    Task InitializeAsync(IMongoDatabase database, CancellationToken cancellationToken);

    /// <summary>Writes what follows from <paramref name="change"/>, every operation on <paramref name="session"/>.</summary>
    Task WriteAsync(IClientSessionHandle session, IMongoDatabase database, StoredMessageChange change, CancellationToken cancellationToken);
}
