using MongoDB.Bson;
using MongoDB.Driver;

namespace SmsStatusTracker.Core.Storage.Mongo.Identity;

/// <summary>The Identity collections and their indexes (unique normalized email, user name and role name).</summary>
public sealed class MongoIdentityCollections
{
    public const string UsersCollection = "users";
    public const string RolesCollection = "roles";
    public const string GuardsCollection = "identity_guards";

    public MongoIdentityCollections(IMongoClient client, MongoStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
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
        var users = Builders<MongoUserDocument>.IndexKeys;
        var userFilter = Builders<MongoUserDocument>.Filter;
        await Users.Indexes.CreateManyAsync(
        [
            new(users.Ascending(u => u.NormalizedEmail), new CreateIndexOptions<MongoUserDocument>
            {
                Name = "ux_users_normalized_email",
                Unique = true,
                PartialFilterExpression = userFilter.Type(u => u.NormalizedEmail, BsonType.String),
            }),
            new(users.Ascending(u => u.NormalizedUserName), new CreateIndexOptions<MongoUserDocument>
            {
                Name = "ux_users_normalized_user_name",
                Unique = true,
                PartialFilterExpression = userFilter.Type(u => u.NormalizedUserName, BsonType.String),
            }),
            new(users.Ascending(u => u.Roles), new CreateIndexOptions { Name = "ix_users_roles" }),
        ], cancellationToken);

        var roleFilter = Builders<MongoRoleDocument>.Filter;
        await Roles.Indexes.CreateOneAsync(
            new CreateIndexModel<MongoRoleDocument>(
                Builders<MongoRoleDocument>.IndexKeys.Ascending(r => r.NormalizedName),
                new CreateIndexOptions<MongoRoleDocument>
                {
                    Name = "ux_roles_normalized_name",
                    Unique = true,
                    PartialFilterExpression = roleFilter.Type(r => r.NormalizedName, BsonType.String),
                }),
            cancellationToken: cancellationToken);

        // Created here, outside any transaction, so the guard's transactions only ever update it.
        await Guards.UpdateOneAsync(
            Builders<MongoGuardDocument>.Filter.Eq(g => g.Id, MongoGuardDocument.Admins),
            Builders<MongoGuardDocument>.Update.SetOnInsert(g => g.Version, 0),
            new UpdateOptions { IsUpsert = true },
            cancellationToken);
    }
}
