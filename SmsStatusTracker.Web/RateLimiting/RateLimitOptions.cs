namespace SmsStatusTracker.Web.RateLimiting;

/// <summary>Abuse limits, from the <c>RateLimits</c> section. A limit of 0 switches that limit off.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Sign-in link requests per email address per <see cref="SignInWindow"/>.</summary>
    public int SignInPerAddress { get; set; } = 5;

    /// <summary>Sign-in link requests per client IP per <see cref="SignInWindow"/>.</summary>
    public int SignInPerIp { get; set; } = 20;

    public TimeSpan SignInWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Messages one user may send per <see cref="SendWindow"/>.</summary>
    public int SendsPerUser { get; set; } = 30;

    public TimeSpan SendWindow { get; set; } = TimeSpan.FromMinutes(1);
}
