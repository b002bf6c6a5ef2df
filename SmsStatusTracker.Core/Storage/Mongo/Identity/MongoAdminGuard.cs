using MongoDB.Driver;
using SmsStatusTracker.Core.Accounts;

namespace SmsStatusTracker.Core.Storage.Mongo.Identity;

/// <summary>
/// <see cref="IAdminGuard"/> on MongoDB: a multi-document transaction (so a replica set or sharded cluster is
/// required) that first writes one shared guard document, then checks for another active admin and changes the user.
/// Snapshot isolation alone would let two transactions that read the same admins and write different users both
/// commit (write skew); writing the same guard document makes them conflict, the loser's transaction aborts with a
/// TransientTransactionError, and <c>WithTransactionAsync</c> retries it, now seeing the winner's change.
/// </summary>
public sealed class MongoAdminGuard(IMongoClient client, MongoIdentityCollections collections) : IAdminGuard
{
    private static readonly string AdminRole = AppRoles.Admin.ToUpperInvariant();
    private static readonly FilterDefinitionBuilder<MongoUserDocument> Filter = Builders<MongoUserDocument>.Filter;
    private static readonly UpdateDefinitionBuilder<MongoUserDocument> Update = Builders<MongoUserDocument>.Update;

    public Task<bool> TryDeactivateAsync(string userId, DateTimeOffset at, CancellationToken cancellationToken) =>
        GuardedAsync(
            userId,
            (session, token) => collections.Users.UpdateOneAsync(
                session,
                Filter.Eq(u => u.Id, userId) & Filter.Eq(u => u.DeactivatedAt, null),
                Update.Set(u => u.DeactivatedAt, at.UtcDateTime).Set(u => u.ConcurrencyStamp, Guid.NewGuid().ToString()),
                cancellationToken: token),
            cancellationToken);

    public Task<bool> TryRemoveAdminAsync(string userId, CancellationToken cancellationToken) =>
        GuardedAsync(
            userId,
            (session, token) => collections.Users.UpdateOneAsync(
                session,
                Filter.Eq(u => u.Id, userId) & Filter.AnyEq(u => u.Roles, AdminRole),
                Update.Pull(u => u.Roles, AdminRole).Set(u => u.ConcurrencyStamp, Guid.NewGuid().ToString()),
                cancellationToken: token),
            cancellationToken);

    private async Task<bool> GuardedAsync(string userId, Func<IClientSessionHandle, CancellationToken, Task> change, CancellationToken cancellationToken)
    {
        using var session = await client.StartSessionAsync(cancellationToken: cancellationToken);
        return await session.WithTransactionAsync(
            async (s, token) =>
            {
                await collections.Guards.UpdateOneAsync(
                    s,
                    Builders<MongoGuardDocument>.Filter.Eq(g => g.Id, MongoGuardDocument.Admins),
                    Builders<MongoGuardDocument>.Update.Inc(g => g.Version, 1),
                    new UpdateOptions { IsUpsert = true },
                    token);
                var activeAdmin = Filter.AnyEq(u => u.Roles, AdminRole) & Filter.Eq(u => u.DeactivatedAt, null);
                var isActiveAdmin = await collections.Users.Find(s, Filter.Eq(u => u.Id, userId) & activeAdmin).AnyAsync(token);
                if (isActiveAdmin && !await collections.Users.Find(s, Filter.Ne(u => u.Id, userId) & activeAdmin).AnyAsync(token))
                {
                    return false;
                }

                await change(s, token);
                return true;
            },
            cancellationToken: cancellationToken);
    }
}
