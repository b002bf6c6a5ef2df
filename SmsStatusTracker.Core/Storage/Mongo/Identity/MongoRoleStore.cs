using Microsoft.AspNetCore.Identity;
using MongoDB.Driver;

namespace SmsStatusTracker.Core.Storage.Mongo.Identity;

/// <summary>
/// Identity's role store on MongoDB.Driver; role names are unique by their normalized form. Not queryable: the app
/// never lists roles from the store (they are <see cref="Accounts.AppRoles"/>), and a synchronous queryable would block.
/// </summary>
public sealed class MongoRoleStore(MongoIdentityCollections collections, IdentityErrorDescriber? describer = null) :
    IRoleStore<IdentityRole>
{
    private static readonly FilterDefinitionBuilder<MongoRoleDocument> Filter = Builders<MongoRoleDocument>.Filter;
    private readonly IMongoCollection<MongoRoleDocument> roles = collections.Roles;
    private readonly IdentityErrorDescriber errors = describer ?? new IdentityErrorDescriber();

    public async Task<IdentityResult> CreateAsync(IdentityRole role, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(role);
        role.ConcurrencyStamp ??= Guid.NewGuid().ToString();
        try
        {
            await collections.CallAsync("create a role", () => roles.InsertOneAsync(ToDocument(role), cancellationToken: cancellationToken));
            return IdentityResult.Success;
        }
        catch (MongoException exception) when (MongoErrors.IsDuplicateKey(exception))
        {
            return IdentityResult.Failed(errors.DuplicateRoleName(role.Name ?? ""));
        }
    }

    public async Task<IdentityResult> UpdateAsync(IdentityRole role, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(role);
        var expected = role.ConcurrencyStamp;
        role.ConcurrencyStamp = Guid.NewGuid().ToString();
        try
        {
            var result = await collections.CallAsync("save a role", () => roles.ReplaceOneAsync(
                Filter.Eq(r => r.Id, role.Id) & Filter.Eq(r => r.ConcurrencyStamp, expected), ToDocument(role), cancellationToken: cancellationToken));
            if (result.MatchedCount == 1)
            {
                return IdentityResult.Success;
            }
        }
        catch (MongoException exception) when (MongoErrors.IsDuplicateKey(exception))
        {
            role.ConcurrencyStamp = expected;
            return IdentityResult.Failed(errors.DuplicateRoleName(role.Name ?? ""));
        }
        catch (StoreUnavailableException)
        {
            role.ConcurrencyStamp = expected;
            throw;
        }

        role.ConcurrencyStamp = expected;
        return IdentityResult.Failed(errors.ConcurrencyFailure());
    }

    /// <summary>
    /// Deletes the role if nobody changed it since it was read, then takes it off every user (as EF's cascade does);
    /// a crash in between leaves users holding a role name that no longer exists, which grants nothing
    /// (<see cref="Accounts.AppRoles"/> decides rights by name) and the next delete of a re-created role clears.
    /// </summary>
    public async Task<IdentityResult> DeleteAsync(IdentityRole role, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(role);
        var deleted = await collections.CallAsync("delete a role", () => roles.FindOneAndDeleteAsync(
            Filter.Eq(r => r.Id, role.Id) & Filter.Eq(r => r.ConcurrencyStamp, role.ConcurrencyStamp), cancellationToken: cancellationToken));
        if (deleted is null)
        {
            return IdentityResult.Failed(errors.ConcurrencyFailure());
        }

        if (deleted.NormalizedName is { } name)
        {
            var users = Builders<MongoUserDocument>.Filter.AnyEq(u => u.Roles, name);
            var pull = Builders<MongoUserDocument>.Update.Pull(u => u.Roles, name).Set(u => u.ConcurrencyStamp, Guid.NewGuid().ToString());
            await collections.CallAsync("take a deleted role off its users", () => collections.Users.UpdateManyAsync(users, pull, cancellationToken: cancellationToken));
        }

        return IdentityResult.Success;
    }

    public Task<string> GetRoleIdAsync(IdentityRole role, CancellationToken cancellationToken) => Task.FromResult(role.Id);

    public Task<string?> GetRoleNameAsync(IdentityRole role, CancellationToken cancellationToken) => Task.FromResult(role.Name);

    public Task SetRoleNameAsync(IdentityRole role, string? roleName, CancellationToken cancellationToken)
    {
        role.Name = roleName;
        return Task.CompletedTask;
    }

    public Task<string?> GetNormalizedRoleNameAsync(IdentityRole role, CancellationToken cancellationToken) => Task.FromResult(role.NormalizedName);

    public Task SetNormalizedRoleNameAsync(IdentityRole role, string? normalizedName, CancellationToken cancellationToken)
    {
        role.NormalizedName = normalizedName;
        return Task.CompletedTask;
    }

    public Task<IdentityRole?> FindByIdAsync(string roleId, CancellationToken cancellationToken) =>
        FindOneAsync(Filter.Eq(r => r.Id, roleId), cancellationToken);

    public Task<IdentityRole?> FindByNameAsync(string normalizedRoleName, CancellationToken cancellationToken) =>
        FindOneAsync(MongoIdentityIndexes.RoleByNormalizedName(normalizedRoleName), cancellationToken);

    public void Dispose()
    {
    }

    private async Task<IdentityRole?> FindOneAsync(FilterDefinition<MongoRoleDocument> filter, CancellationToken cancellationToken) =>
        await collections.CallAsync("read a role", () => roles.Find(filter).FirstOrDefaultAsync(cancellationToken)) is { } document ? ToRole(document) : null;

    private static IdentityRole ToRole(MongoRoleDocument document) => new()
    {
        Id = document.Id,
        Name = document.Name,
        NormalizedName = document.NormalizedName,
        ConcurrencyStamp = document.ConcurrencyStamp,
    };

    private static MongoRoleDocument ToDocument(IdentityRole role) => new()
    {
        Id = role.Id,
        Name = role.Name,
        NormalizedName = role.NormalizedName,
        ConcurrencyStamp = role.ConcurrencyStamp,
    };
}
