using Microsoft.AspNetCore.Identity;
using MongoDB.Driver;

namespace SmsStatusTracker.Core.Storage.Mongo.Identity;

/// <summary>Identity's role store on MongoDB.Driver; role names are unique by their normalized form.</summary>
public sealed class MongoRoleStore(MongoIdentityCollections collections, IdentityErrorDescriber? describer = null) :
    IQueryableRoleStore<IdentityRole>
{
    private static readonly FilterDefinitionBuilder<MongoRoleDocument> Filter = Builders<MongoRoleDocument>.Filter;
    private readonly IMongoCollection<MongoRoleDocument> roles = collections.Roles;
    private readonly IdentityErrorDescriber errors = describer ?? new IdentityErrorDescriber();

    public IQueryable<IdentityRole> Roles => roles.Find(Filter.Empty).ToList().Select(ToRole).AsQueryable();

    public async Task<IdentityResult> CreateAsync(IdentityRole role, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(role);
        role.ConcurrencyStamp ??= Guid.NewGuid().ToString();
        try
        {
            await roles.InsertOneAsync(ToDocument(role), cancellationToken: cancellationToken);
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
            var result = await roles.ReplaceOneAsync(
                Filter.Eq(r => r.Id, role.Id) & Filter.Eq(r => r.ConcurrencyStamp, expected), ToDocument(role), cancellationToken: cancellationToken);
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

        role.ConcurrencyStamp = expected;
        return IdentityResult.Failed(errors.ConcurrencyFailure());
    }

    public async Task<IdentityResult> DeleteAsync(IdentityRole role, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(role);
        var result = await roles.DeleteOneAsync(Filter.Eq(r => r.Id, role.Id), cancellationToken);
        return result.DeletedCount == 1 ? IdentityResult.Success : IdentityResult.Failed(errors.ConcurrencyFailure());
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

    public async Task<IdentityRole?> FindByIdAsync(string roleId, CancellationToken cancellationToken) =>
        await roles.Find(Filter.Eq(r => r.Id, roleId)).FirstOrDefaultAsync(cancellationToken) is { } document ? ToRole(document) : null;

    public async Task<IdentityRole?> FindByNameAsync(string normalizedRoleName, CancellationToken cancellationToken) =>
        await roles.Find(Filter.Eq(r => r.NormalizedName, normalizedRoleName)).FirstOrDefaultAsync(cancellationToken) is { } document ? ToRole(document) : null;

    public void Dispose()
    {
    }

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
