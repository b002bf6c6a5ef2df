using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.ApiKeys;

namespace SmsStatusTracker.Core.Accounts;

/// <summary>
/// The one place an action's right is decided: the actor's account, security stamp and API key are read from
/// the store now, not taken from a cookie or a circuit that may be older than the last change, and the current
/// role must grant the permission. Every path that acts (pages, REST, the hub) asks here.
/// </summary>
public sealed class ActorAuthorizer(IServiceScopeFactory scopes, ApiKeyService keys)
{
    /// <summary>The confirmed actor; throws <see cref="ActionNotAllowedException"/> when it may not act.</summary>
    public async Task<ActingUser> AuthorizeAsync(Actor actor, AppPermission permission, CancellationToken cancellationToken)
    {
        var check = await CheckAsync(actor, permission, cancellationToken);
        return check.User ?? throw new ActionNotAllowedException(check.Refusal!);
    }

    /// <summary>As <see cref="AuthorizeAsync"/>, without throwing: for loops that re-check many actors.</summary>
    public async Task<ActorCheck> CheckAsync(Actor actor, AppPermission permission, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(actor.UserId))
        {
            return ActorCheck.Refused("You are not signed in.");
        }

        if (ActorCheckMemo.Recall(actor, permission) is { } remembered)
        {
            return remembered;
        }

        return Permit(await ConfirmAsync(actor, knownKey: null, cancellationToken), permission);
    }

    /// <summary>
    /// Who <paramref name="key"/>'s owner is now, with the current role, whatever they may do (<see cref="Permit"/>
    /// decides that per action): for the API key authentication of a request that has just read and verified
    /// <paramref name="key"/>, so the key is not read twice.
    /// </summary>
    public Task<ActorCheck> ConfirmKeyAsync(ApiKey key, CancellationToken cancellationToken) =>
        ConfirmAsync(new Actor(key.UserId, null, key.Id), key, cancellationToken);

    /// <summary>Whether a confirmed actor's current role grants <paramref name="permission"/>.</summary>
    public static ActorCheck Permit(ActorCheck confirmed, AppPermission permission) =>
        confirmed.User is not { } acting || acting.May(permission)
            ? confirmed
            : ActorCheck.Refused($"Your role ({acting.Role}) may not {Describe(permission)}.");

    private async Task<ActorCheck> ConfirmAsync(Actor actor, ApiKey? knownKey, CancellationToken cancellationToken)
    {
        ApiKey? key = null;
        if (actor.ApiKeyId is { } keyId)
        {
            key = knownKey?.Id == keyId ? knownKey : await keys.FindAsync(keyId, cancellationToken);
            if (key is null || key.IsRevoked || !string.Equals(key.UserId, actor.UserId, StringComparison.Ordinal))
            {
                return ActorCheck.Refused("This API key has been revoked.");
            }
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<TrackerUser>>();
        var user = await users.FindByIdAsync(actor.UserId);
        if (user is null || !user.IsActive)
        {
            return ActorCheck.Refused("This account has been deactivated.");
        }

        if (actor.SecurityStamp is not null && actor.SecurityStamp != await users.GetSecurityStampAsync(user))
        {
            return ActorCheck.Refused("Your account was changed since you signed in: sign in again.");
        }

        var roles = await users.GetRolesAsync(user);
        var role = AppRoles.All.FirstOrDefault(roles.Contains) ?? AppRoles.Viewer;
        return ActorCheck.Allowed(new ActingUser(user.Id, user.Email ?? user.UserName ?? user.Id, role, key)) with
        {
            SecurityStamp = await users.GetSecurityStampAsync(user),
        };
    }

    private static string Describe(AppPermission permission) => permission switch
    {
        AppPermission.ViewMessages => "view messages",
        AppPermission.SendMessages => "send messages",
        AppPermission.ManageOwnApiKeys => "manage API keys",
        AppPermission.ManageUsers => "manage users",
        AppPermission.ManageOptOuts => "change the opt-out ledger",
        AppPermission.ManageAlerts => "manage alerts",
        AppPermission.ManageOutboundWebhooks => "manage outbound webhooks",
        AppPermission.ViewDiagnostics => "see integration diagnostics",
        _ => permission.ToString(),
    };
}

/// <summary>The outcome of <see cref="ActorAuthorizer.CheckAsync"/>: the confirmed user, or why not.</summary>
public sealed record ActorCheck(ActingUser? User, string? Refusal)
{
    /// <summary>The account's security stamp as read for an allowed check (what a credential issued now would carry).</summary>
    public string? SecurityStamp { get; init; }

    public static ActorCheck Allowed(ActingUser user) => new(user, null);

    public static ActorCheck Refused(string reason) => new(null, reason);
}
