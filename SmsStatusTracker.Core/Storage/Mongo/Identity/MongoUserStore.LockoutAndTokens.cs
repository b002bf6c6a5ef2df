using SmsStatusTracker.Core.Accounts;

namespace SmsStatusTracker.Core.Storage.Mongo.Identity;

public sealed partial class MongoUserStore
{
    public Task<DateTimeOffset?> GetLockoutEndDateAsync(TrackerUser user, CancellationToken cancellationToken) => Task.FromResult(user.LockoutEnd);

    public Task SetLockoutEndDateAsync(TrackerUser user, DateTimeOffset? lockoutEnd, CancellationToken cancellationToken) =>
        Set(() => user.LockoutEnd = lockoutEnd);

    public Task<int> IncrementAccessFailedCountAsync(TrackerUser user, CancellationToken cancellationToken)
    {
        user.AccessFailedCount++;
        return Task.FromResult(user.AccessFailedCount);
    }

    public Task ResetAccessFailedCountAsync(TrackerUser user, CancellationToken cancellationToken) => Set(() => user.AccessFailedCount = 0);

    public Task<int> GetAccessFailedCountAsync(TrackerUser user, CancellationToken cancellationToken) => Task.FromResult(user.AccessFailedCount);

    public Task<bool> GetLockoutEnabledAsync(TrackerUser user, CancellationToken cancellationToken) => Task.FromResult(user.LockoutEnabled);

    public Task SetLockoutEnabledAsync(TrackerUser user, bool enabled, CancellationToken cancellationToken) => Set(() => user.LockoutEnabled = enabled);

    public Task SetTokenAsync(TrackerUser user, string loginProvider, string name, string? value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var tokens = EmbeddedOf(user).Tokens;
        tokens.RemoveAll(t => t.LoginProvider == loginProvider && t.Name == name);
        tokens.Add(new MongoUserToken { LoginProvider = loginProvider, Name = name, Value = value });
        return Task.CompletedTask;
    }

    public Task RemoveTokenAsync(TrackerUser user, string loginProvider, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        EmbeddedOf(user).Tokens.RemoveAll(t => t.LoginProvider == loginProvider && t.Name == name);
        return Task.CompletedTask;
    }

    public Task<string?> GetTokenAsync(TrackerUser user, string loginProvider, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Task.FromResult(EmbeddedOf(user).Tokens.FirstOrDefault(t => t.LoginProvider == loginProvider && t.Name == name)?.Value);
    }
}
