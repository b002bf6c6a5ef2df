namespace SmsStatusTracker.Core.Accounts;

/// <summary>
/// Who claims to be acting, as their credential says: the user, the security stamp their session was issued
/// with (if any), and the API key they used (if any). <see cref="ActorAuthorizer"/> checks the claim against the
/// store at the moment of acting, so a session or key opened before a change cannot outlive it.
/// </summary>
/// <param name="UserId">The user's id; blank for nobody.</param>
/// <param name="SecurityStamp">The stamp the session or request carried; null skips the stamp check.</param>
/// <param name="ApiKeyId">The API key the request authenticated with, if any.</param>
public sealed record Actor(string UserId, string? SecurityStamp = null, Guid? ApiKeyId = null)
{
    public static Actor Nobody { get; } = new("");
}
