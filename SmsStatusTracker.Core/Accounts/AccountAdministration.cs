namespace SmsStatusTracker.Core.Accounts;

/// <summary>
/// The user-management actions a person takes (the Users page), each authorized for the acting user as they are
/// in the store now: only a current, active Admin may act. <see cref="AccountService"/> holds the mechanics and is
/// used unchecked only by the host itself (the management CLI at the console, the bootstrap admins).
/// </summary>
public sealed class AccountAdministration(AccountService accounts, ActorAuthorizer authorizer)
{
    public async Task<IReadOnlyList<AccountSummary>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        await AuthorizeAsync(actor, cancellationToken);
        return await accounts.ListAsync(cancellationToken);
    }

    public Task<AccountResult> InviteAsync(Actor actor, string email, string role, CancellationToken cancellationToken) =>
        WhenAllowedAsync(actor, () => accounts.InviteAsync(email, role, cancellationToken), cancellationToken);

    public Task<AccountResult> ChangeRoleAsync(Actor actor, string userId, string role, CancellationToken cancellationToken) =>
        WhenAllowedAsync(actor, () => accounts.ChangeRoleAsync(userId, role, cancellationToken), cancellationToken);

    public Task<AccountResult> DeactivateAsync(Actor actor, string userId, CancellationToken cancellationToken) =>
        WhenAllowedAsync(actor, () => accounts.DeactivateAsync(userId, cancellationToken), cancellationToken);

    public Task<AccountResult> ReactivateAsync(Actor actor, string userId, CancellationToken cancellationToken) =>
        WhenAllowedAsync(actor, () => accounts.ReactivateAsync(userId, cancellationToken), cancellationToken);

    /// <summary>Confirms the actor may manage users, for an action that lives outside Core (sending a sign-in link).</summary>
    public Task<ActingUser> AuthorizeAsync(Actor actor, CancellationToken cancellationToken) =>
        authorizer.AuthorizeAsync(actor, AppPermission.ManageUsers, cancellationToken);

    private async Task<AccountResult> WhenAllowedAsync(Actor actor, Func<Task<AccountResult>> change, CancellationToken cancellationToken)
    {
        var check = await authorizer.CheckAsync(actor, AppPermission.ManageUsers, cancellationToken);
        return check.User is null ? AccountResult.Fail(check.Refusal!) : await change();
    }
}
