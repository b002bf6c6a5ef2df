using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Accounts;

namespace SmsStatusTracker.Web.Identity;

/// <summary>
/// Re-checks an interactive circuit's user every <see cref="AuthOptions.SessionValidationInterval"/> (at least
/// a second): a deactivated user, or one whose role changed, loses the open dashboard as well as the cookie.
/// </summary>
internal sealed class RevalidatingIdentityStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopes,
    IOptions<IdentityOptions> identity,
    IOptions<AuthOptions> auth) : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval =>
        auth.Value.SessionValidationInterval < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : auth.Value.SessionValidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<TrackerUser>>();
        return await IsCurrentAsync(users, authenticationState.User);
    }

    private async Task<bool> IsCurrentAsync(UserManager<TrackerUser> users, ClaimsPrincipal principal)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null || !user.IsActive)
        {
            return false;
        }

        var stamp = principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(user);
    }
}
