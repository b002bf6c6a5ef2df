using MongoDB.Driver;

namespace SmsStatusTracker.Core.Storage.Mongo.Identity;

/// <summary>
/// The Identity collections, their indexes (<see cref="MongoIdentityIndexes"/>) and the way the stores call them:
/// through <see cref="CallAsync{T}"/>, so a server that cannot answer surfaces as the port's
/// <see cref="StoreUnavailableException"/> (a 503 or a "try again" message), never as a driver exception.
/// </summary>
public sealed class MongoIdentityCollections
{
    public const string UsersCollection = "users";
    public const string RolesCollection = "roles";
    public const string GuardsCollection = "identity_guards";

    private readonly MongoStoreOptions options;

    public MongoIdentityCollections(IMongoClient client, MongoStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        var database = options.Database(client);
        Users = database.GetCollection<MongoUserDocument>(UsersCollection);
        Roles = database.GetCollection<MongoRoleDocument>(RolesCollection);
        Guards = database.GetCollection<MongoGuardDocument>(GuardsCollection);
    }

    internal IMongoCollection<MongoUserDocument> Users { get; }

    internal IMongoCollection<MongoRoleDocument> Roles { get; }

    internal IMongoCollection<MongoGuardDocument> Guards { get; }

    public async Task CreateIndexesAsync(CancellationToken cancellationToken)
    {
        await Users.Indexes.CreateManyAsync(MongoIdentityIndexes.Users(), cancellationToken);
        await Roles.Indexes.CreateOneAsync(MongoIdentityIndexes.Roles(), cancellationToken: cancellationToken);

        // Created here, outside any transaction, so the guard's transactions only ever update it.
        await Guards.UpdateOneAsync(
            Builders<MongoGuardDocument>.Filter.Eq(g => g.Id, MongoGuardDocument.Admins),
            Builders<MongoGuardDocument>.Update.SetOnInsert(g => g.Version, 0),
            new UpdateOptions { IsUpsert = true },
            cancellationToken);
    }

    /// <remarks>Identity's calls carry the caller's token; the deadline stops waiting for them at
    /// <c>Mongo:OperationTimeout</c> whether or not the driver has noticed.</remarks>
    internal Task<T> CallAsync<T>(string action, Func<Task<T>> call) =>
        MongoDeadline.RunAsync(options, action, _ => call(), CancellationToken.None);

    internal Task CallAsync(string action, Func<Task> call) =>
        CallAsync(action, async () =>
        {
            await call();
            return true;
        });
}
