namespace SmsStatusTracker.Web.LiveFeed;

/// <summary>The hub's batched frames (<see cref="MessageFeedBatcher"/>), from the <c>LiveFeed</c> section.</summary>
public sealed class LiveFeedOptions
{
    public const string Section = "LiveFeed";

    /// <summary>The longest a batched frame waits for more changes to carry; 0 sends each change in a frame of its own.</summary>
    public TimeSpan BatchInterval { get; set; } = TimeSpan.FromMilliseconds(25);
}
