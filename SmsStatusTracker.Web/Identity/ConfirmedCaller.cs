using SmsStatusTracker.Core.Accounts;

namespace SmsStatusTracker.Web.Identity;

/// <summary>
/// An API key caller as <see cref="ApiKeyAuthenticationHandler"/> confirmed them against the store at the start of this
/// request (key, account, current role), kept as a request feature: <see cref="RequireCurrentActorFilter"/> and the send
/// endpoint decide the permission from it instead of reading the same key, user and roles again a moment later. It
/// lives and dies with its <see cref="HttpContext"/>; the next request confirms again.
/// </summary>
public sealed record ConfirmedCaller(Actor Actor, ActorCheck Confirmation)
{
    /// <summary>The check for <paramref name="permission"/> when <paramref name="actor"/> is the caller confirmed here, else null.</summary>
    public static ActorCheck? For(HttpContext context, Actor actor, AppPermission permission) =>
        context.Features.Get<ConfirmedCaller>() is { } confirmed && confirmed.Actor == actor
            ? ActorAuthorizer.Permit(confirmed.Confirmation, permission)
            : null;

    /// <summary>
    /// Hands the confirmation for <paramref name="permission"/> to the services this handler calls next
    /// (<see cref="ActorCheckMemo"/>), so a service that re-checks its actor (the sender does) finds it instead of the store.
    /// </summary>
    public static void Remember(HttpContext context, Actor actor, AppPermission permission)
    {
        if (For(context, actor, permission) is { User: not null } check)
        {
            ActorCheckMemo.Remember(actor, permission, check);
        }
    }
}
