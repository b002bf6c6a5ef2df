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

    private readonly string description;

    public MongoIdentityCollections(IMongoClient client, MongoStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        description = options.Description;
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

    internal async Task<T> CallAsync<T>(string action, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception exception) when (MongoErrors.IsUnavailable(exception))
        {
            throw new StoreUnavailableException($"{description} could not {action} ({exception.GetType().Name}).", exception);
        }
    }

    internal Task CallAsync(string action, Func<Task> call) =>
        CallAsync(action, async () =>
        {
            await call();
            return true;
        });
}
