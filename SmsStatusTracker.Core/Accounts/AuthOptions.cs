namespace SmsStatusTracker.Core.Accounts;

/// <summary>Sign-in and session settings, from the <c>Auth</c> section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Emails made Admin at startup when they have no account yet.</summary>
    public string[] BootstrapAdmins { get; set; } = [];

    /// <summary>How long an emailed sign-in link stays usable.</summary>
    public TimeSpan SignInLinkLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often a session's security stamp is re-checked: a deactivated user's sessions end within this.</summary>
    public TimeSpan SessionValidationInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a sign-in cookie lasts (sliding).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>The URL sign-in links point at; when unset, the app's public base URL (<c>Twilio:PublicBaseUrl</c> or its listening address).
    /// Never taken from the request's Host header, which a client could forge to steal a link.</summary>
    public string? PublicBaseUrl { get; set; }
}
