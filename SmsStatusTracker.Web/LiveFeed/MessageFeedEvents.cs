using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Web.Endpoints.Messages;

namespace SmsStatusTracker.Web.LiveFeed;

/// <summary>
/// The hub's vocabulary, documented in docs/api.md ("Live feed"). <see cref="Version"/> changes only when a field is
/// renamed, removed or changes meaning; new fields and new kinds keep it, so clients ignore what they do not know.
/// </summary>
public static class MessageFeedEvents
{
    /// <summary>The hub method clients listen to (<c>connection.on("MessageChanged", …)</c>).</summary>
    public const string MessageChanged = "MessageChanged";

    /// <summary>
    /// What a connection opened with <c>?batch=1</c> listens to instead (<see cref="MessageFeedGroups"/>): several
    /// changes per frame (<see cref="MessagesChangedEvent"/>).
    /// </summary>
    public const string MessagesChanged = "MessagesChanged";

    /// <summary>The shape of <see cref="MessageChangedEvent"/> and <see cref="MessagesChangedEvent"/>, sent in every event as <c>version</c>.</summary>
    public const int Version = 1;

    /// <summary>A message was stored for the first time (its status is <c>created</c>).</summary>
    public const string Created = "created";

    /// <summary>A stored message changed: a status from Twilio, a poll or reconciliation.</summary>
    public const string StatusChanged = "statusChanged";

    public static string KindName(MessageChangeKind kind) => kind switch
    {
        MessageChangeKind.Created => Created,
        MessageChangeKind.StatusChanged => StatusChanged,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No wire name for this change kind."),
    };
}

/// <summary>
/// What the hub sends: <c>{ version, kind, message }</c>, where <c>message</c> is the changed message in the REST
/// shape (<see cref="MessageResponse"/>: wire status names, "GSM-7"/"UCS-2", ISO-8601 UTC times) as a row. A row
/// carries every field but only the newest history entry (the rest counted in <c>foldedHistoryCount</c>), so a push
/// stays small however long the history; whoever needs the whole history reads <c>GET /api/messages/{id}</c>.
/// </summary>
public sealed record MessageChangedEvent(int Version, string Kind, MessageResponse Message)
{
    public static MessageChangedEvent For(Message message, MessageChangeKind kind) =>
        new(MessageFeedEvents.Version, MessageFeedEvents.KindName(kind), MessageResponse.Of(AsRow(message)));

    /// <summary>The message with only its newest history entry: what every path of the feed carries.</summary>
    public static Message AsRow(Message message) => message.History.Count <= 1
        ? message
        : message with
        {
            History = [message.History[^1]],
            FoldedHistoryCount = message.FoldedHistoryCount + message.History.Count - 1,
        };
}

/// <summary>
/// What a batched connection hears: <c>{ version, changes }</c>, where <c>changes</c> are exactly the
/// <see cref="MessageChangedEvent"/>s a per-change connection hears one by one, in the order this instance published them.
/// </summary>
public sealed record MessagesChangedEvent(int Version, IReadOnlyList<MessageChangedEvent> Changes);
