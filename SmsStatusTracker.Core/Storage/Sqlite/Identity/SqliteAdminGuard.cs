using Microsoft.EntityFrameworkCore;
using SmsStatusTracker.Core.Accounts;

namespace SmsStatusTracker.Core.Storage.Sqlite.Identity;

/// <summary>
/// <see cref="IAdminGuard"/> on SQLite: each change is a single UPDATE or DELETE whose WHERE clause requires another
/// active admin (a subquery), run inside a transaction that Microsoft.Data.Sqlite opens with <c>BEGIN IMMEDIATE</c>.
/// The immediate transaction takes the database's write lock before anything is read, so a second process's guard
/// waits (busy timeout) and then sees the first one's change: it cannot act on a snapshot from before it.
/// </summary>
public sealed class SqliteAdminGuard(TrackerIdentityDbContext db) : IAdminGuard
{
    private static readonly string AdminRole = AppRoles.Admin.ToUpperInvariant();

    public async Task<bool> TryDeactivateAsync(string userId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var activeAdmins = ActiveAdmins();
        var changed = await db.Users
            .Where(u => u.Id == userId && u.DeactivatedAt == null)
            .Where(_ => !activeAdmins.Contains(userId) || activeAdmins.Any(id => id != userId))
            .ExecuteUpdateAsync(
                set => set.SetProperty(u => u.DeactivatedAt, at).SetProperty(u => u.ConcurrencyStamp, Guid.NewGuid().ToString()),
                cancellationToken);
        var done = changed == 1 || !await db.Users.AnyAsync(u => u.Id == userId && u.DeactivatedAt == null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return done;
    }

    public async Task<bool> TryRemoveAdminAsync(string userId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var activeAdmins = ActiveAdmins();
        var adminRoleIds = db.Roles.Where(r => r.NormalizedName == AdminRole).Select(r => r.Id);
        var removed = await db.UserRoles
            .Where(ur => ur.UserId == userId && adminRoleIds.Contains(ur.RoleId))
            .Where(_ => !activeAdmins.Contains(userId) || activeAdmins.Any(id => id != userId))
            .ExecuteDeleteAsync(cancellationToken);
        if (removed > 0)
        {
            await db.Users.Where(u => u.Id == userId)
                .ExecuteUpdateAsync(set => set.SetProperty(u => u.ConcurrencyStamp, Guid.NewGuid().ToString()), cancellationToken);
        }

        var done = removed > 0 || !await db.UserRoles.AnyAsync(ur => ur.UserId == userId && adminRoleIds.Contains(ur.RoleId), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return done;
    }

    private IQueryable<string> ActiveAdmins() =>
        from userRole in db.UserRoles
        join role in db.Roles on userRole.RoleId equals role.Id
        join user in db.Users on userRole.UserId equals user.Id
        where role.NormalizedName == AdminRole && user.DeactivatedAt == null
        select user.Id;
}
