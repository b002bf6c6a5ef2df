using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using SmsStatusTracker.Core.Accounts;

namespace SmsStatusTracker.Core.Storage.Sqlite.Identity;

/// <summary>Identity's users, roles, claims and tokens, in the same SQLite file as the messages.</summary>
public sealed class TrackerIdentityDbContext(DbContextOptions<TrackerIdentityDbContext> options)
    : IdentityDbContext<TrackerUser>(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<TrackerUser>(user =>
        {
            // Identity indexes NormalizedEmail without uniqueness; invitations rely on one account per address.
            user.HasIndex(u => u.NormalizedEmail).HasDatabaseName("EmailIndex").IsUnique();
        });
    }
}
