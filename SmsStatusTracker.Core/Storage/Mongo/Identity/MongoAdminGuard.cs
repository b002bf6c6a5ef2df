using MongoDB.Driver;
using SmsStatusTracker.Core.Accounts;

namespace SmsStatusTracker.Core.Storage.Mongo.Identity;

/// <summary>
/// <see cref="IAdminGuard"/> on MongoDB: a multi-document transaction (so a replica set or sharded cluster is
/// required) that first writes one shared guard document, then checks for another active admin and changes the user.
/// Snapshot isolation alone would let two transactions that read the same admins and write different users both
/// commit (write skew); writing the same guard document makes them conflict, the loser's transaction aborts with a
/// TransientTransactionError and is run again, now seeing the winner's change.
/// </summary>
public sealed class MongoAdminGuard(IMongoClient client, MongoIdentityCollections collections) : IAdminGuard
{
    private const int MaxAttempts = 10;
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

    // The retries are spelled out rather than left to WithTransactionAsync, so the guarantee does not rest on one driver
    // version's retry policy: a write conflict on the guard document aborts with TransientTransactionError and the
    // whole transaction runs again; a commit with an unknown outcome is committed again (commit is idempotent).
    private Task<bool> GuardedAsync(string userId, Func<IClientSessionHandle, CancellationToken, Task> change, CancellationToken cancellationToken) =>
        collections.CallAsync("change an admin", () => RunGuardedAsync(userId, change, cancellationToken));

    private async Task<bool> RunGuardedAsync(string userId, Func<IClientSessionHandle, CancellationToken, Task> change, CancellationToken cancellationToken)
    {
        using var session = await client.StartSessionAsync(cancellationToken: cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            session.StartTransaction();
            try
            {
                var allowed = await CheckAndChangeAsync(session, userId, change, cancellationToken);
                await CommitAsync(session, cancellationToken);
                return allowed;
            }
            catch (MongoException conflict) when (conflict.HasErrorLabel("TransientTransactionError") && attempt < MaxAttempts)
            {
                if (session.IsInTransaction)
                {
                    await session.AbortTransactionAsync(CancellationToken.None);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * attempt)), cancellationToken);
            }
            catch
            {
                if (session.IsInTransaction)
                {
                    await session.AbortTransactionAsync(CancellationToken.None);
                }

                throw;
            }
        }
    }

    private async Task<bool> CheckAndChangeAsync(IClientSessionHandle session, string userId, Func<IClientSessionHandle, CancellationToken, Task> change, CancellationToken cancellationToken)
    {
        await collections.Guards.UpdateOneAsync(
            session,
            Builders<MongoGuardDocument>.Filter.Eq(g => g.Id, MongoGuardDocument.Admins),
            Builders<MongoGuardDocument>.Update.Inc(g => g.Version, 1),
            new UpdateOptions { IsUpsert = true },
            cancellationToken);
        var activeAdmin = Filter.AnyEq(u => u.Roles, AdminRole) & Filter.Eq(u => u.DeactivatedAt, null);
        var isActiveAdmin = await collections.Users.Find(session, Filter.Eq(u => u.Id, userId) & activeAdmin).AnyAsync(cancellationToken);
        if (isActiveAdmin && !await collections.Users.Find(session, Filter.Ne(u => u.Id, userId) & activeAdmin).AnyAsync(cancellationToken))
        {
            return false;
        }

        await change(session, cancellationToken);
        return true;
    }

    private static async Task CommitAsync(IClientSessionHandle session, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await session.CommitTransactionAsync(cancellationToken);
                return;
            }
            catch (MongoException unknown) when (unknown.HasErrorLabel("UnknownTransactionCommitResult") && attempt < MaxAttempts)
            {
            }
        }
    }
}
