namespace SmsStatusTracker.Core.ActivityLog;

/// <summary>
/// One thing a person (or their API key, or the console) did: when, who, what, and to whom or what.
/// </summary>
/// <param name="Id">A version-7 GUID made from <paramref name="At"/>, so ids sort with time.</param>
/// <param name="Actor">Who acted, as a message's <c>SentBy</c> reads (<see cref="Accounts.ActingUser.Label"/>), or <see cref="ActivityActors.Console"/>.</param>
/// <param name="Target">The user's email, the API key's name, or the message id the action was about.</param>
/// <param name="Detail">Anything else worth reading (the new role, the recipient); never a secret or a message body.</param>
public sealed record ActivityEntry(Guid Id, DateTimeOffset At, string Actor, ActivityKind Kind, string Target, string? Detail = null);

/// <summary>Actors that are not a signed-in user.</summary>
public static class ActivityActors
{
    /// <summary>The management commands, run at the server's console by whoever may start the app.</summary>
    public const string Console = "console (management CLI)";
}
