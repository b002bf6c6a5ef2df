using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Web.Hubs;

public static class MessageFeedEvents
{
    public const string MessageChanged = "MessageChanged";
}

/// <summary>What the hub sends: the message as stored after the change, and whether it is new.</summary>
public sealed record MessageChangedEvent(MessageChangeKind Kind, Message Message);
