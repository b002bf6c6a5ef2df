using MongoDB.Bson.Serialization.Attributes;

namespace SmsStatusTracker.Core.Storage.Mongo.Identity;

/// <summary>A document every guarded admin change writes, so concurrent changes conflict (see <see cref="MongoAdminGuard"/>).</summary>
[BsonIgnoreExtraElements]
internal sealed class MongoGuardDocument
{
    public const string Admins = "admins";

    [BsonId]
    public string Id { get; set; } = "";

    public long Version { get; set; }
}
