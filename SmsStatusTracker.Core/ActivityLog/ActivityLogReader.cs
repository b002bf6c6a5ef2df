using SmsStatusTracker.Core.Accounts;

namespace SmsStatusTracker.Core.ActivityLog;

/// <summary>Reads the activity log for an actor the store confirms now as allowed to manage users (an Admin).</summary>
public sealed class ActivityLogReader(IActivityLog log, ActorAuthorizer authorizer)
{
    /// <summary>A page of entries; throws <see cref="ActionNotAllowedException"/> when the actor may not read the log.</summary>
    public async Task<ActivityPage> QueryAsync(Actor actor, ActivityQuery query, CancellationToken cancellationToken)
    {
        await authorizer.AuthorizeAsync(actor, AppPermission.ManageUsers, cancellationToken);
        return await log.QueryAsync(query, cancellationToken);
    }
}
