using MongoDB.Bson.Serialization.Attributes;

namespace SmsStatusTracker.Core.Storage.Mongo.Identity;

/// <summary>A user with its roles and authentication tokens embedded, so every change is one document write.</summary>
[BsonIgnoreExtraElements]
internal sealed class MongoUserDocument
{
    [BsonId]
    public string Id { get; set; } = "";

    public string? UserName { get; set; }

    public string? NormalizedUserName { get; set; }

    public string? Email { get; set; }

    public string? NormalizedEmail { get; set; }

    public bool EmailConfirmed { get; set; }

    public string? SecurityStamp { get; set; }

    public string? ConcurrencyStamp { get; set; }

    public bool LockoutEnabled { get; set; }

    [BsonDateTimeOptions(Kind = DateTimeKind.Utc)]
    public DateTime? LockoutEnd { get; set; }

    public int AccessFailedCount { get; set; }

    [BsonDateTimeOptions(Kind = DateTimeKind.Utc)]
    public DateTime CreatedAt { get; set; }

    [BsonDateTimeOptions(Kind = DateTimeKind.Utc)]
    public DateTime? LastSignInAt { get; set; }

    [BsonDateTimeOptions(Kind = DateTimeKind.Utc)]
    public DateTime? DeactivatedAt { get; set; }

    /// <summary>Normalized role names.</summary>
    public List<string> Roles { get; set; } = [];

    public List<MongoUserToken> Tokens { get; set; } = [];
}

[BsonIgnoreExtraElements]
internal sealed class MongoUserToken
{
    public string LoginProvider { get; set; } = "";

    public string Name { get; set; } = "";

    public string? Value { get; set; }
}
