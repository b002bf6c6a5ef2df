namespace SmsStatusTracker.Core.ApiKeys;

/// <summary>
/// A key a script uses instead of signing in. It acts as its owner (with the owner's current role);
/// only a hash of its secret is stored, so the key itself is shown once, at creation.
/// </summary>
public sealed record ApiKey
{
    public required Guid Id { get; init; }

    /// <summary>The owning user's id.</summary>
    public required string UserId { get; init; }

    public required string Name { get; init; }

    /// <summary>SHA-256 of the secret part, Base64.</summary>
    public required string SecretHash { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? LastUsedAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public bool IsRevoked => RevokedAt is not null;
}
