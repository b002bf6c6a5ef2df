namespace SmsStatusTracker.Core.Accounts;

/// <summary>
/// The two changes that can take away an active admin — deactivating a user and removing the Admin role — made as one
/// atomic store operation that happens only if another active admin remains. Two app processes racing to remove the
/// last two admins therefore cannot both succeed, whatever each read beforehand. Both change the user's concurrency
/// stamp: copies read before are stale and must be read again.
/// </summary>
public interface IAdminGuard
{
    /// <summary>
    /// Deactivates the user at <paramref name="at"/> unless they are the last active admin. True when the user is now
    /// deactivated (or unknown, or already was); false when refused.
    /// </summary>
    Task<bool> TryDeactivateAsync(string userId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the Admin role from the user unless they are the last active admin. True when the user no longer has the
    /// role (or never had it); false when refused.
    /// </summary>
    Task<bool> TryRemoveAdminAsync(string userId, CancellationToken cancellationToken);
}
