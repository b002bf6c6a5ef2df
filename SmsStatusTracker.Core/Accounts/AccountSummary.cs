namespace SmsStatusTracker.Core.Accounts;

/// <summary>What the admin pages (and an API-key handler) need to know about a user.</summary>
public sealed record AccountSummary(
    string Id,
    string Email,
    string Role,
    bool IsActive,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSignInAt);

/// <summary>The outcome of an account change: success, or the reason it was refused.</summary>
public sealed record AccountResult(bool Succeeded, string? Error = null, string? UserId = null)
{
    public static AccountResult Ok(string userId) => new(true, UserId: userId);

    public static AccountResult Fail(string error) => new(false, error);
}
