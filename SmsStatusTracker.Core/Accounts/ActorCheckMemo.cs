using System.Diagnostics;

namespace SmsStatusTracker.Core.Accounts;

/// <summary>
/// An allowed check an endpoint filter has just made, remembered for the rest of that request's handler. It lives in an
/// <see cref="AsyncLocal{T}"/>, so it flows into the services the handler calls and back out to nobody: the send path
/// re-checks its actor, as every path that acts must, and inside the same request that second round trip to the store
/// would only find the same answer (a send checked the actor three times). Kept for at most <see cref="Lifetime"/>,
/// so work that outlives its request (a send finishing after its client left) asks the store again.
/// </summary>
public static class ActorCheckMemo
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);

    private static readonly AsyncLocal<Remembered?> Current = new();

    /// <summary>
    /// Remembers <paramref name="check"/> when it allowed the actor, for the rest of the calling async method and what
    /// it awaits (an async method's changes to an AsyncLocal never reach its caller).
    /// </summary>
    public static void Remember(Actor actor, AppPermission permission, ActorCheck check)
    {
        if (check.User is not null)
        {
            Current.Value = new Remembered(actor, permission, check, Stopwatch.GetTimestamp());
        }
    }

    internal static ActorCheck? Recall(Actor actor, AppPermission permission) =>
        Current.Value is { } remembered
        && remembered.Actor == actor
        && remembered.Permission == permission
        && Stopwatch.GetElapsedTime(remembered.At) < Lifetime
            ? remembered.Check
            : null;

    private sealed record Remembered(Actor Actor, AppPermission Permission, ActorCheck Check, long At);
}
