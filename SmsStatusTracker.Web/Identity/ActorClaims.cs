using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using SmsStatusTracker.Core.Accounts;

namespace SmsStatusTracker.Web.Identity;

/// <summary>Who is acting, read from a request's or circuit's principal: the one helper every path that acts uses.</summary>
public static class ActorClaims
{
    internal static readonly string SecurityStampClaimType = new ClaimsIdentityOptions().SecurityStampClaimType;

    /// <summary>The actor this principal claims to be; <see cref="Actor.Nobody"/> when it is not a signed-in user.</summary>
    public static Actor ToActor(this ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true || principal.FindFirstValue(ClaimTypes.NameIdentifier) is not { Length: > 0 } userId)
        {
            return Actor.Nobody;
        }

        var keyId = Guid.TryParse(principal.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim), out var id) ? id : (Guid?)null;
        return new Actor(userId, principal.FindFirstValue(SecurityStampClaimType), keyId);
    }

    /// <summary>
    /// Whether the principal's role claim grants <paramref name="permission"/>: for policies and for what a page
    /// offers. The claim may be older than the last change, so what acts asks <see cref="ActorAuthorizer"/> too.
    /// </summary>
    public static bool May(this ClaimsPrincipal principal, AppPermission permission) =>
        principal.Identity?.IsAuthenticated == true && AppRoles.All.Any(role => principal.IsInRole(role) && AppRoles.Grants(role, permission));

    /// <summary>The actor of a Blazor component's cascading authentication state, as it is now.</summary>
    public static async Task<Actor> ToActorAsync(this Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState>? state) =>
        state is null ? Actor.Nobody : (await state).User.ToActor();
}
