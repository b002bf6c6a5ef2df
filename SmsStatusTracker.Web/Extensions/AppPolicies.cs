namespace SmsStatusTracker.Web.Extensions;

/// <summary>The authorization and rate-limit policy names the endpoints and pages use.</summary>
public static class AppPolicies
{
    /// <summary>Any signed-in user or API key: Viewer, Operator, Admin.</summary>
    public const string CanView = "CanView";

    /// <summary>Operators and Admins.</summary>
    public const string CanSend = "CanSend";

    /// <summary>Sends per user per minute (<c>Sending:PerUserPerMinute</c>).</summary>
    public const string SendingRateLimit = "sending";
}
