using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Identity;
using MongoDB.Driver;
using SmsStatusTracker.Core.Accounts;

namespace SmsStatusTracker.Core.Storage.Mongo.Identity;

/// <summary>
/// Identity's user store on MongoDB.Driver: users, emails, security stamps, roles, lockout and authentication
/// tokens. Like EF's store, changes made through the store's setters are saved by <see cref="UpdateAsync"/>,
/// which replaces the document only if its concurrency stamp is still the one read (else ConcurrencyFailure).
/// Roles and tokens a user was loaded with travel with the user object (not the store instance), so a user
/// read in one scope and saved in another keeps them.
/// </summary>
public sealed partial class MongoUserStore(MongoIdentityCollections collections, IdentityErrorDescriber? describer = null) :
    IUserEmailStore<TrackerUser>,
    IUserSecurityStampStore<TrackerUser>,
    IUserRoleStore<TrackerUser>,
    IUserLockoutStore<TrackerUser>,
    IUserAuthenticationTokenStore<TrackerUser>,
    IUserDirectory
{
    private static readonly ConditionalWeakTable<TrackerUser, Embedded> EmbeddedByUser = new();
    private static readonly FilterDefinitionBuilder<MongoUserDocument> Filter = Builders<MongoUserDocument>.Filter;

    private readonly IMongoCollection<MongoUserDocument> users = collections.Users;
    private readonly IMongoCollection<MongoRoleDocument> roles = collections.Roles;
    private readonly IdentityErrorDescriber errors = describer ?? new IdentityErrorDescriber();

    /// <summary>The whole (small, invite-only) user list: the admin page lists everyone anyway.</summary>
    public Task<IReadOnlyList<TrackerUser>> ListAsync(CancellationToken cancellationToken) =>
        collections.CallAsync<IReadOnlyList<TrackerUser>>("list users", async () =>
            (await users.Find(Filter.Empty).ToListAsync(cancellationToken)).Select(ToUser).ToList());

    public async Task<IdentityResult> CreateAsync(TrackerUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.ConcurrencyStamp ??= Guid.NewGuid().ToString();
        try
        {
            await collections.CallAsync("create a user", () => users.InsertOneAsync(ToDocument(user, EmbeddedOf(user)), cancellationToken: cancellationToken));
        }
        catch (MongoException exception) when (MongoErrors.IsDuplicateKey(exception))
        {
            return IdentityResult.Failed(errors.DuplicateEmail(user.Email ?? user.UserName ?? ""));
        }

        return IdentityResult.Success;
    }

    public async Task<IdentityResult> UpdateAsync(TrackerUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var expected = user.ConcurrencyStamp;
        var next = Guid.NewGuid().ToString();
        var filter = Filter.Eq(u => u.Id, user.Id) & Filter.Eq(u => u.ConcurrencyStamp, expected);
        try
        {
            user.ConcurrencyStamp = next;
            long matched;
            if (EmbeddedByUser.TryGetValue(user, out var embedded))
            {
                var replaced = await collections.CallAsync("save a user", () => users.ReplaceOneAsync(filter, ToDocument(user, embedded), cancellationToken: cancellationToken));
                matched = replaced.MatchedCount;
            }
            else
            {
                // A user object this store never loaded: save its own fields, leave stored roles and tokens alone.
                var document = ToDocument(user, new Embedded());
                var set = Builders<MongoUserDocument>.Update
                    .Set(u => u.UserName, document.UserName).Set(u => u.NormalizedUserName, document.NormalizedUserName)
                    .Set(u => u.Email, document.Email).Set(u => u.NormalizedEmail, document.NormalizedEmail)
                    .Set(u => u.EmailConfirmed, document.EmailConfirmed).Set(u => u.SecurityStamp, document.SecurityStamp)
                    .Set(u => u.ConcurrencyStamp, document.ConcurrencyStamp).Set(u => u.LockoutEnabled, document.LockoutEnabled)
                    .Set(u => u.LockoutEnd, document.LockoutEnd).Set(u => u.AccessFailedCount, document.AccessFailedCount)
                    .Set(u => u.LastSignInAt, document.LastSignInAt).Set(u => u.DeactivatedAt, document.DeactivatedAt);
                var updated = await collections.CallAsync("save a user", () => users.UpdateOneAsync(filter, set, cancellationToken: cancellationToken));
                matched = updated.MatchedCount;
            }

            if (matched == 0)
            {
                user.ConcurrencyStamp = expected;
                return IdentityResult.Failed(errors.ConcurrencyFailure());
            }
        }
        catch (MongoException exception) when (MongoErrors.IsDuplicateKey(exception))
        {
            user.ConcurrencyStamp = expected;
            return IdentityResult.Failed(errors.DuplicateEmail(user.Email ?? user.UserName ?? ""));
        }
        catch (StoreUnavailableException)
        {
            user.ConcurrencyStamp = expected;
            throw;
        }

        return IdentityResult.Success;
    }

    public async Task<IdentityResult> DeleteAsync(TrackerUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var result = await collections.CallAsync("delete a user", () => users.DeleteOneAsync(
            Filter.Eq(u => u.Id, user.Id) & Filter.Eq(u => u.ConcurrencyStamp, user.ConcurrencyStamp), cancellationToken));
        return result.DeletedCount == 1 ? IdentityResult.Success : IdentityResult.Failed(errors.ConcurrencyFailure());
    }

    public Task<TrackerUser?> FindByIdAsync(string userId, CancellationToken cancellationToken) =>
        FindOneAsync(Filter.Eq(u => u.Id, userId), cancellationToken);

    public Task<TrackerUser?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken) =>
        FindOneAsync(MongoIdentityIndexes.UserByNormalizedUserName(normalizedUserName), cancellationToken);

    public Task<TrackerUser?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken) =>
        FindOneAsync(MongoIdentityIndexes.UserByNormalizedEmail(normalizedEmail), cancellationToken);

    public Task<string> GetUserIdAsync(TrackerUser user, CancellationToken cancellationToken) => Task.FromResult(user.Id);

    public Task<string?> GetUserNameAsync(TrackerUser user, CancellationToken cancellationToken) => Task.FromResult(user.UserName);

    public Task SetUserNameAsync(TrackerUser user, string? userName, CancellationToken cancellationToken) => Set(() => user.UserName = userName);

    public Task<string?> GetNormalizedUserNameAsync(TrackerUser user, CancellationToken cancellationToken) => Task.FromResult(user.NormalizedUserName);

    public Task SetNormalizedUserNameAsync(TrackerUser user, string? normalizedName, CancellationToken cancellationToken) =>
        Set(() => user.NormalizedUserName = normalizedName);

    public Task SetEmailAsync(TrackerUser user, string? email, CancellationToken cancellationToken) => Set(() => user.Email = email);

    public Task<string?> GetEmailAsync(TrackerUser user, CancellationToken cancellationToken) => Task.FromResult(user.Email);

    public Task<bool> GetEmailConfirmedAsync(TrackerUser user, CancellationToken cancellationToken) => Task.FromResult(user.EmailConfirmed);

    public Task SetEmailConfirmedAsync(TrackerUser user, bool confirmed, CancellationToken cancellationToken) => Set(() => user.EmailConfirmed = confirmed);

    public Task<string?> GetNormalizedEmailAsync(TrackerUser user, CancellationToken cancellationToken) => Task.FromResult(user.NormalizedEmail);

    public Task SetNormalizedEmailAsync(TrackerUser user, string? normalizedEmail, CancellationToken cancellationToken) =>
        Set(() => user.NormalizedEmail = normalizedEmail);

    public Task SetSecurityStampAsync(TrackerUser user, string stamp, CancellationToken cancellationToken) => Set(() => user.SecurityStamp = stamp);

    public Task<string?> GetSecurityStampAsync(TrackerUser user, CancellationToken cancellationToken) => Task.FromResult(user.SecurityStamp);

    public void Dispose()
    {
    }

    private static Task Set(Action change)
    {
        change();
        return Task.CompletedTask;
    }

    private static Embedded EmbeddedOf(TrackerUser user) => EmbeddedByUser.GetValue(user, _ => new Embedded());

    private async Task<TrackerUser?> FindOneAsync(FilterDefinition<MongoUserDocument> filter, CancellationToken cancellationToken)
    {
        var document = await collections.CallAsync("read a user", () => users.Find(filter).FirstOrDefaultAsync(cancellationToken));
        return document is null ? null : ToUser(document);
    }

    private static TrackerUser ToUser(MongoUserDocument document)
    {
        var user = new TrackerUser
        {
            Id = document.Id,
            UserName = document.UserName,
            NormalizedUserName = document.NormalizedUserName,
            Email = document.Email,
            NormalizedEmail = document.NormalizedEmail,
            EmailConfirmed = document.EmailConfirmed,
            SecurityStamp = document.SecurityStamp,
            ConcurrencyStamp = document.ConcurrencyStamp,
            LockoutEnabled = document.LockoutEnabled,
            LockoutEnd = ToOffset(document.LockoutEnd),
            AccessFailedCount = document.AccessFailedCount,
            CreatedAt = new DateTimeOffset(document.CreatedAt, TimeSpan.Zero),
            LastSignInAt = ToOffset(document.LastSignInAt),
            DeactivatedAt = ToOffset(document.DeactivatedAt),
        };
        EmbeddedByUser.AddOrUpdate(user, new Embedded
        {
            Roles = [.. document.Roles],
            Tokens = document.Tokens.Select(t => new MongoUserToken { LoginProvider = t.LoginProvider, Name = t.Name, Value = t.Value }).ToList(),
        });
        return user;
    }

    private static MongoUserDocument ToDocument(TrackerUser user, Embedded embedded) => new()
    {
        Id = user.Id,
        UserName = user.UserName,
        NormalizedUserName = user.NormalizedUserName,
        Email = user.Email,
        NormalizedEmail = user.NormalizedEmail,
        EmailConfirmed = user.EmailConfirmed,
        SecurityStamp = user.SecurityStamp,
        ConcurrencyStamp = user.ConcurrencyStamp,
        LockoutEnabled = user.LockoutEnabled,
        LockoutEnd = user.LockoutEnd?.UtcDateTime,
        AccessFailedCount = user.AccessFailedCount,
        CreatedAt = user.CreatedAt.UtcDateTime,
        LastSignInAt = user.LastSignInAt?.UtcDateTime,
        DeactivatedAt = user.DeactivatedAt?.UtcDateTime,
        Roles = [.. embedded.Roles],
        Tokens = embedded.Tokens.Select(t => new MongoUserToken { LoginProvider = t.LoginProvider, Name = t.Name, Value = t.Value }).ToList(),
    };

    private static DateTimeOffset? ToOffset(DateTime? value) =>
        value is { } utc ? new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)) : null;

    /// <summary>What the document embeds besides the user's own fields; saved by the next update.</summary>
    private sealed class Embedded
    {
        public List<string> Roles { get; init; } = [];

        public List<MongoUserToken> Tokens { get; init; } = [];
    }
}
