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

    /// <summary>
    /// Raised once every <see cref="Reconnected"/> handler has finished, so the connection indicator can say the page
    /// was brought up to date only after it really was.
    /// </summary>
    public event Func<Task>? Resynced;

    public override async Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        // The first "up" is the initial connection; every later one is a reconnect.
        if (Interlocked.Increment(ref connections) <= 1)
        {
            return;
        }

        await RaiseAsync(Reconnected);
        await RaiseAsync(Resynced);
    }

    private static async Task RaiseAsync(Func<Task>? handlers)
    {
        foreach (var handler in handlers?.GetInvocationList().Cast<Func<Task>>() ?? [])
        {
            await handler();
        }
    }
}
