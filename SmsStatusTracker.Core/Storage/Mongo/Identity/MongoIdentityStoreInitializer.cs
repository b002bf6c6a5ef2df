using SmsStatusTracker.Core.Accounts;

namespace SmsStatusTracker.Core.Storage.Mongo.Identity;

internal sealed class MongoIdentityStoreInitializer(MongoIdentityCollections collections) : IIdentityStoreInitializer
{
    public Task InitializeAsync(CancellationToken cancellationToken) => collections.CreateIndexesAsync(cancellationToken);
}
