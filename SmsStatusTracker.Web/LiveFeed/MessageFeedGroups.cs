namespace SmsStatusTracker.Web.LiveFeed;

/// <summary>
/// Which frames a hub connection gets, chosen once when it connects: with <c>?batch=1</c> it joins <see cref="Batched"/>
/// and hears <see cref="MessageFeedEvents.MessagesChanged"/>; without, <see cref="EachChange"/> and
/// <see cref="MessageFeedEvents.MessageChanged"/>. Groups span instances through the Redis backplane, so no client
/// hears a change twice.
/// </summary>
public static class MessageFeedGroups
{
    public const string EachChange = "feed:each";

    public const string Batched = "feed:batched";

    /// <summary>The query-string parameter that opts a connection into batched frames.</summary>
    public const string BatchParameter = "batch";

    public static string For(IQueryCollection? query) =>
        query?[BatchParameter].ToString() is "1" or "true" ? Batched : EachChange;
}
