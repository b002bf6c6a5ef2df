using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Accounts;

namespace SmsStatusTracker.Web.Identity;

/// <summary>
/// Re-checks an interactive circuit's user every <see cref="AuthOptions.SessionValidationInterval"/> (at least
/// a second): a deactivated user, or one whose role changed (a new security stamp), loses the open pages as
/// well as the cookie. Actions on those pages do not wait for this: they are checked when they act.
/// </summary>
internal sealed class RevalidatingIdentityStateProvider(
    ILoggerFactory loggerFactory,
    ActorAuthorizer authorizer,
    IOptions<AuthOptions> auth) : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval =>
        auth.Value.SessionValidationInterval < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : auth.Value.SessionValidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var check = await authorizer.CheckAsync(authenticationState.User.ToActor(), AppPermission.ViewMessages, cancellationToken);
        return check.User is not null;
    }
}
