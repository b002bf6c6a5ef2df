using Microsoft.AspNetCore.Identity;

namespace SmsStatusTracker.Core.Accounts;

/// <summary>
/// A person who was invited to the app. The user name is the email address; there is no password:
/// people sign in with emailed single-use links.
/// </summary>
public class TrackerUser : IdentityUser
{
    public TrackerUser()
    {
    }

    public TrackerUser(string email)
        : base(email)
    {
        Email = email;
        EmailConfirmed = true;
    }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastSignInAt { get; set; }

    /// <summary>Set when an admin deactivated the account: no new sign-in, and existing sessions end.</summary>
    public DateTimeOffset? DeactivatedAt { get; set; }

    public bool IsActive => DeactivatedAt is null;
}
