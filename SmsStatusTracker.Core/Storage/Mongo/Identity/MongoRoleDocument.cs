using MongoDB.Bson.Serialization.Attributes;

namespace SmsStatusTracker.Core.Storage.Mongo.Identity;

[BsonIgnoreExtraElements]
internal sealed class MongoRoleDocument
{
    [BsonId]
    public string Id { get; set; } = "";

    public string? Name { get; set; }

    public string? NormalizedName { get; set; }

    public string? ConcurrencyStamp { get; set; }
}
