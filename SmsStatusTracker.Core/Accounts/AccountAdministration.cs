using SmsStatusTracker.Core.ActivityLog;

namespace SmsStatusTracker.Core.Accounts;

/// <summary>
/// The user-management actions a person takes (the Users page), each authorized for the acting user as they are
/// in the store now: only a current, active Admin may act. <see cref="AccountService"/> holds the mechanics and is
/// used unchecked only by the host itself (the management CLI at the console, the bootstrap admins). Each change
/// that happened is written to the activity log here, with the admin as its actor.
/// </summary>
public sealed class AccountAdministration(AccountService accounts, ActorAuthorizer authorizer, ActivityRecorder activity)
{
    public async Task<IReadOnlyList<AccountSummary>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        await AuthorizeAsync(actor, cancellationToken);
        return await accounts.ListAsync(cancellationToken);
    }

    public Task<AccountResult> InviteAsync(Actor actor, string email, string role, CancellationToken cancellationToken) =>
        WhenAllowedAsync(actor, async admin =>
        {
            var result = await accounts.InviteAsync(email, role, cancellationToken);
            if (result.Succeeded)
            {
                await activity.RecordAsync(admin.Label, ActivityKind.Invite, email.Trim(), $"as {role}");
            }

            return result;
        }, cancellationToken);

    public Task<AccountResult> ChangeRoleAsync(Actor actor, string userId, string role, CancellationToken cancellationToken) =>
        WhenAllowedAsync(actor, async admin =>
        {
            var before = await accounts.FindByIdAsync(userId, cancellationToken);
            var result = await accounts.ChangeRoleAsync(userId, role, cancellationToken);
            if (result.Succeeded && before is not null && before.Role != role)
            {
                await activity.RecordAsync(admin.Label, ActivityKind.RoleChange, before.Email, $"{before.Role} → {role}");
            }

            return result;
        }, cancellationToken);

    public Task<AccountResult> DeactivateAsync(Actor actor, string userId, CancellationToken cancellationToken) =>
        WhenAllowedAsync(actor, async admin =>
        {
            var before = await accounts.FindByIdAsync(userId, cancellationToken);
            var result = await accounts.DeactivateAsync(userId, cancellationToken);
            if (result.Succeeded && before is { IsActive: true })
            {
                await activity.RecordAsync(admin.Label, ActivityKind.Deactivate, before.Email);
            }

            return result;
        }, cancellationToken);

    public Task<AccountResult> ReactivateAsync(Actor actor, string userId, CancellationToken cancellationToken) =>
        WhenAllowedAsync(actor, async admin =>
        {
            var before = await accounts.FindByIdAsync(userId, cancellationToken);
            var result = await accounts.ReactivateAsync(userId, cancellationToken);
            if (result.Succeeded && before is { IsActive: false })
            {
                await activity.RecordAsync(admin.Label, ActivityKind.Reactivate, before.Email);
            }

            return result;
        }, cancellationToken);

    /// <summary>Confirms the actor may manage users, for an action that lives outside Core.</summary>
    public Task<ActingUser> AuthorizeAsync(Actor actor, CancellationToken cancellationToken) =>
        authorizer.AuthorizeAsync(actor, AppPermission.ManageUsers, cancellationToken);

    /// <summary>
    /// Confirms the actor may send <paramref name="email"/> a sign-in link (the mail itself is queued in Web, right
    /// after) and records that they did; throws <see cref="ActionNotAllowedException"/> when they may not.
    /// </summary>
    public async Task<ActingUser> AuthorizeSignInLinkAsync(Actor actor, string email, CancellationToken cancellationToken)
    {
        var admin = await AuthorizeAsync(actor, cancellationToken);
        await activity.RecordAsync(admin.Label, ActivityKind.SignInLinkSent, email);
        return admin;
    }

    private async Task<AccountResult> WhenAllowedAsync(Actor actor, Func<ActingUser, Task<AccountResult>> change, CancellationToken cancellationToken)
    {
        var check = await authorizer.CheckAsync(actor, AppPermission.ManageUsers, cancellationToken);
        return check.User is null ? AccountResult.Fail(check.Refusal!) : await change(check.User);
    }
}
