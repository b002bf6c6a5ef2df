namespace SmsStatusTracker.Web.LiveFeed;

/// <summary>Who may listen to the hub: signed-in users (cookie) and API keys (integrations).</summary>
public static class MessageFeedAuthorization
{
    public const string Policy = "MessageFeed";
}
