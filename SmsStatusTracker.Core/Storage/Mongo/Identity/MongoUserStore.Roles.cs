using MongoDB.Driver;
using SmsStatusTracker.Core.Accounts;

namespace SmsStatusTracker.Core.Storage.Mongo.Identity;

public sealed partial class MongoUserStore
{
    public async Task AddToRoleAsync(TrackerUser user, string normalizedRoleName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!await collections.CallAsync("read a role", () => roles.Find(MongoIdentityIndexes.RoleByNormalizedName(normalizedRoleName)).AnyAsync(cancellationToken)))
        {
            throw new InvalidOperationException($"Role {normalizedRoleName} does not exist.");
        }

        var embedded = EmbeddedOf(user);
        if (!embedded.Roles.Contains(normalizedRoleName, StringComparer.Ordinal))
        {
            embedded.Roles.Add(normalizedRoleName);
        }
    }

    public Task RemoveFromRoleAsync(TrackerUser user, string normalizedRoleName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        EmbeddedOf(user).Roles.RemoveAll(role => role == normalizedRoleName);
        return Task.CompletedTask;
    }

    /// <summary>The roles' display names, as EF's store returns them.</summary>
    public async Task<IList<string>> GetRolesAsync(TrackerUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var normalized = EmbeddedOf(user).Roles;
        if (normalized.Count == 0)
        {
            return [];
        }

        var found = await collections.CallAsync("read roles", () => roles.Find(MongoIdentityIndexes.RolesByNormalizedNames(normalized)).ToListAsync(cancellationToken));
        return found.Select(r => r.Name ?? "").ToList();
    }

    public Task<bool> IsInRoleAsync(TrackerUser user, string normalizedRoleName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Task.FromResult(EmbeddedOf(user).Roles.Contains(normalizedRoleName, StringComparer.Ordinal));
    }

    public async Task<IList<TrackerUser>> GetUsersInRoleAsync(string normalizedRoleName, CancellationToken cancellationToken)
    {
        var documents = await collections.CallAsync("read users", () => users.Find(Filter.AnyEq(u => u.Roles, normalizedRoleName)).ToListAsync(cancellationToken));
        return documents.Select(ToUser).ToList();
    }
}
