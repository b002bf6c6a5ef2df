namespace SmsStatusTracker.Core.ApiKeys;

/// <summary>Where API keys are kept: beside the messages, in the configured database.</summary>
public interface IApiKeyStore
{
    Task InitializeAsync(CancellationToken cancellationToken);

    Task AddAsync(ApiKey key, CancellationToken cancellationToken);

    Task<ApiKey?> FindAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Every key, or only <paramref name="userId"/>'s; newest first.</summary>
    Task<IReadOnlyList<ApiKey>> ListAsync(string? userId, CancellationToken cancellationToken);

    /// <summary>Marks the key revoked; false when no such key exists.</summary>
    Task<bool> RevokeAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken);

    Task RecordUseAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken);
}
