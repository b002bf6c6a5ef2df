using MongoDB.Bson;
using MongoDB.Driver;

namespace SmsStatusTracker.Core.Storage.Mongo.Identity;

/// <summary>
/// The unique Identity indexes and the lookups that must use them. Each index is partial (only string values, so
/// any number of users may lack an email), and MongoDB uses a partial index only for a query that repeats its
/// condition: every lookup here carries it, from the same definition the index is created with.
/// </summary>
internal static class MongoIdentityIndexes
{
    public const string UsersByNormalizedEmail = "ux_users_normalized_email";
    public const string UsersByNormalizedUserName = "ux_users_normalized_user_name";
    public const string UsersByRole = "ix_users_roles";
    public const string RolesByNormalizedName = "ux_roles_normalized_name";

    private static readonly FilterDefinitionBuilder<MongoUserDocument> UserFilter = Builders<MongoUserDocument>.Filter;
    private static readonly FilterDefinitionBuilder<MongoRoleDocument> RoleFilter = Builders<MongoRoleDocument>.Filter;

    public static FilterDefinition<MongoUserDocument> HasNormalizedEmail => UserFilter.Type(u => u.NormalizedEmail, BsonType.String);

    public static FilterDefinition<MongoUserDocument> HasNormalizedUserName => UserFilter.Type(u => u.NormalizedUserName, BsonType.String);

    public static FilterDefinition<MongoRoleDocument> HasNormalizedName => RoleFilter.Type(r => r.NormalizedName, BsonType.String);

    public static FilterDefinition<MongoUserDocument> UserByNormalizedEmail(string normalizedEmail) =>
        UserFilter.Eq(u => u.NormalizedEmail, normalizedEmail) & HasNormalizedEmail;

    public static FilterDefinition<MongoUserDocument> UserByNormalizedUserName(string normalizedUserName) =>
        UserFilter.Eq(u => u.NormalizedUserName, normalizedUserName) & HasNormalizedUserName;

    public static FilterDefinition<MongoRoleDocument> RoleByNormalizedName(string normalizedName) =>
        RoleFilter.Eq(r => r.NormalizedName, normalizedName) & HasNormalizedName;

    public static FilterDefinition<MongoRoleDocument> RolesByNormalizedNames(IEnumerable<string> normalizedNames) =>
        RoleFilter.In(r => r.NormalizedName, normalizedNames) & HasNormalizedName;

    public static IEnumerable<CreateIndexModel<MongoUserDocument>> Users()
    {
        var keys = Builders<MongoUserDocument>.IndexKeys;
        yield return new(keys.Ascending(u => u.NormalizedEmail), new CreateIndexOptions<MongoUserDocument>
        {
            Name = UsersByNormalizedEmail, Unique = true, PartialFilterExpression = HasNormalizedEmail,
        });
        yield return new(keys.Ascending(u => u.NormalizedUserName), new CreateIndexOptions<MongoUserDocument>
        {
            Name = UsersByNormalizedUserName, Unique = true, PartialFilterExpression = HasNormalizedUserName,
        });
        yield return new(keys.Ascending(u => u.Roles), new CreateIndexOptions { Name = UsersByRole });
    }

    public static CreateIndexModel<MongoRoleDocument> Roles() =>
        new(Builders<MongoRoleDocument>.IndexKeys.Ascending(r => r.NormalizedName), new CreateIndexOptions<MongoRoleDocument>
        {
            Name = RolesByNormalizedName, Unique = true, PartialFilterExpression = HasNormalizedName,
        });
}
