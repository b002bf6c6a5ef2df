namespace SmsStatusTracker.Core.Inbound;

/// <summary>An SMS someone sent to us, as Twilio's incoming-message webhook reported it. <see cref="Sid"/> is unique: Twilio retries a webhook with the same one.</summary>
public sealed record InboundMessage
{
    public required string Sid { get; init; }

    /// <summary>The sender's number (E.164 as Twilio gives it).</summary>
    public required string From { get; init; }

    /// <summary>Our number (or the Messaging Service's) it was sent to.</summary>
    public required string To { get; init; }

    public required string Body { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }
}
