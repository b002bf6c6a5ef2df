using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Web.LiveFeed;

public static class MessageFeedEvents
{
    public const string MessageChanged = "MessageChanged";
}

/// <summary>
/// What the hub sends: the changed message as a row, and whether it is new. A row carries every field but only
/// the newest history entry (the rest counted in <see cref="Message.FoldedHistoryCount"/>), so a push stays small
/// however long the history; a page that shows the whole history reads it from the store.
/// </summary>
public sealed record MessageChangedEvent(MessageChangeKind Kind, Message Message)
{
    public static MessageChangedEvent For(Message message, MessageChangeKind kind) => new(kind, AsRow(message));

    public static Message AsRow(Message message) => message.History.Count <= 1
        ? message
        : message with
        {
            History = [message.History[^1]],
            FoldedHistoryCount = message.FoldedHistoryCount + message.History.Count - 1,
        };
}
