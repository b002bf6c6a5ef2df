using Microsoft.EntityFrameworkCore;
using SmsStatusTracker.Core.Accounts;

namespace SmsStatusTracker.Core.Storage.Sqlite.Identity;

internal sealed class SqliteUserDirectory(TrackerIdentityDbContext db) : IUserDirectory
{
    public async Task<IReadOnlyList<TrackerUser>> ListAsync(CancellationToken cancellationToken) =>
        await db.Users.ToListAsync(cancellationToken);
}
