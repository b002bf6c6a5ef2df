namespace SmsStatusTracker.Core.ApiKeys;

/// <summary>Creates, checks and revokes API keys.</summary>
public sealed class ApiKeyService(IApiKeyStore store, TimeProvider time)
{
    // Last use is informational: writing it at most once a minute keeps every API call from being a write.
    private static readonly TimeSpan UseRecordingInterval = TimeSpan.FromMinutes(1);

    /// <summary>Creates a key for <paramref name="userId"/>; the returned token is the only time the secret exists.</summary>
    public async Task<(ApiKey Key, string Token)> CreateAsync(string userId, string name, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            throw new ArgumentException("An API key needs a name of 1 to 100 characters.", nameof(name));
        }

        var id = Guid.CreateVersion7(time.GetUtcNow());
        var (token, hash) = ApiKeySecret.Create(id);
        var key = new ApiKey { Id = id, UserId = userId, Name = name.Trim(), SecretHash = hash, CreatedAt = time.GetUtcNow() };
        await store.AddAsync(key, cancellationToken);
        return (key, token);
    }

    /// <summary>The key a token stands for, when the token is genuine and the key not revoked.</summary>
    public async Task<ApiKey?> AuthenticateAsync(string? token, CancellationToken cancellationToken)
    {
        if (!ApiKeySecret.TryParse(token, out var id, out var secret))
        {
            return null;
        }

        var key = await store.FindAsync(id, cancellationToken);
        if (key is null || key.IsRevoked || !ApiKeySecret.Matches(secret, key.SecretHash))
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (key.LastUsedAt is not { } last || now - last >= UseRecordingInterval)
        {
            await store.RecordUseAsync(id, now, cancellationToken);
        }

        return key;
    }

    public Task<ApiKey?> FindAsync(Guid id, CancellationToken cancellationToken) => store.FindAsync(id, cancellationToken);

    public Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken) => store.RevokeAsync(id, time.GetUtcNow(), cancellationToken);

    public Task<IReadOnlyList<ApiKey>> ListAsync(string? userId, CancellationToken cancellationToken) => store.ListAsync(userId, cancellationToken);
}
