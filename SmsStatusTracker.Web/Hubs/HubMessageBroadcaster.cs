using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Web.Notifications;

namespace SmsStatusTracker.Web.Hubs;

/// <summary>
/// Core's notifier: every stored change goes out over the hub. With <c>SignalR:Redis</c> set the backplane
/// carries it to every instance, where <see cref="MessageFeedRelay"/> hands it to that instance's dashboards.
/// Every path carries the same row (<see cref="MessageChangedEvent.AsRow"/>), never the whole history.
/// </summary>
public sealed class HubMessageBroadcaster(IHubContext<MessagesHub> hub, MessageNotifications local, LiveFeedStatus relay, ILogger<HubMessageBroadcaster> logger) : IMessageChangeNotifier
{
    public async Task MessageChangedAsync(Message message, MessageChangeKind kind, CancellationToken cancellationToken)
    {
        var change = MessageChangedEvent.For(message, kind);
        try
        {
            await hub.Clients.All.SendAsync(MessageFeedEvents.MessageChanged, change, cancellationToken);
            if (relay.State != HubConnectionState.Connected)
            {
                // This instance's relay is not listening (yet): its own dashboards get the change directly.
                // Dashboards keep the newest version of a row, so a change that also arrives via the relay is harmless.
                await local.PublishLocallyAsync(new MessageChange(change.Message, kind));
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The backplane is down: this instance's own dashboards still get the change directly.
            logger.LogWarning(exception, "Could not broadcast the change to message {MessageId}; delivering it locally only", message.Id);
            await local.PublishLocallyAsync(new MessageChange(change.Message, kind));
        }
    }
}
