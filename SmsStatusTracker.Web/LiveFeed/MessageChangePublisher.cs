using Microsoft.AspNetCore.SignalR;
using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Web.LiveFeed;

/// <summary>
/// Core's notifier. A change stored by this process goes straight to this process's pages
/// (<see cref="MessageNotifications"/>); to hub clients only when someone can be listening (a hub connection here, or
/// other instances' connections through the Redis backplane); and to the other instances' pages over the
/// <see cref="RedisMessageLink"/> when <c>SignalR:Redis</c> is set. Every path carries the same row
/// (<see cref="MessageChangedEvent.AsRow"/>), never the whole history: pages (here and over the link) get the domain
/// message, hub clients the REST shape (<see cref="MessageChangedEvent"/>): one frame per change to the per-change
/// connections, and queued for the <see cref="MessageFeedBatcher"/>'s frames to the batched ones (<see cref="MessageFeedGroups"/>).
/// </summary>
public sealed class MessageChangePublisher(
    MessageNotifications local,
    IHubContext<MessagesHub> hub,
    FeedConnections connections,
    MessageFeedBatcher batches,
    ILogger<MessageChangePublisher> logger,
    RedisMessageLink? link = null) : IMessageChangeNotifier
{
    public async Task MessageChangedAsync(Message message, MessageChangeKind kind, CancellationToken cancellationToken)
    {
        var change = new MessageChange(MessageChangedEvent.AsRow(message), kind);
        await local.PublishLocallyAsync(change);
        if (link is null && !connections.Any)
        {
            return;
        }

        var hubEvent = MessageChangedEvent.For(change.Message, kind);
        batches.Enqueue(hubEvent);
        try
        {
            if (link is not null)
            {
                await link.PublishAsync(change);
            }

            await hub.Clients.Group(MessageFeedGroups.EachChange).SendAsync(MessageFeedEvents.MessageChanged, hubEvent, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Redis is down: this instance's pages already have the change; others resync when the link is back.
            logger.LogWarning(exception, "Could not pass the change to message {MessageId} beyond this instance", message.Id);
        }
    }
}
