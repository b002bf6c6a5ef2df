using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace SmsStatusTracker.Web.Presence;

/// <summary>
/// Feeds <see cref="PresenceTracker"/> from one circuit (one open page): its signed-in user is online while the
/// page's connection is up. One per circuit; anonymous pages are not counted.
/// </summary>
public sealed class PresenceCircuitHandler(PresenceTracker presence, AuthenticationStateProvider authentication) : CircuitHandler
{
    private OnlineUser? user;
    private bool connected;

    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var principal = (await authentication.GetAuthenticationStateAsync()).User;
        if (principal.Identity?.IsAuthenticated == true && principal.FindFirstValue(ClaimTypes.NameIdentifier) is { } id)
        {
            user = new OnlineUser(id, principal.Identity.Name ?? principal.FindFirstValue(ClaimTypes.Email) ?? id);
        }
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (user is not null && !connected)
        {
            connected = true;
            presence.PageConnected(user);
        }

        return Task.CompletedTask;
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Leave();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Leave();
        return Task.CompletedTask;
    }

    private void Leave()
    {
        if (user is not null && connected)
        {
            connected = false;
            presence.PageDisconnected(user.UserId);
        }
    }
}
