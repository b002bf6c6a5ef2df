using Microsoft.AspNetCore.Components.Server.Circuits;

namespace SmsStatusTracker.Web.Hosting;

/// <summary>
/// Tells a user's components when their browser connection came back after a drop, so live views can
/// reload what changed while they were away. One per circuit.
/// </summary>
public sealed class CircuitConnection : CircuitHandler
{
    private int connections;

    public event Func<Task>? Reconnected;

    public override async Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        // The first "up" is the initial connection; every later one is a reconnect.
        if (Interlocked.Increment(ref connections) > 1 && Reconnected is { } handlers)
        {
            foreach (var handler in handlers.GetInvocationList().Cast<Func<Task>>())
            {
                await handler();
            }
        }
    }
}
