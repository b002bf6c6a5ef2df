using System.Collections.Immutable;
using SmsStatusTracker.Core.Inbound;

namespace SmsStatusTracker.Web.LiveFeed;

/// <summary>
/// Fans message changes out to everything in this process that watches them (open pages, through
/// <see cref="LiveMessages"/>). Fed by <see cref="MessageChangePublisher"/> with this process's changes and by
/// <see cref="RedisMessageLink"/> with other instances'; a resync tells watchers that changes may have been missed
/// and they should reload.
/// Subscribers get a handle to dispose; a failing subscriber does not stop the others.
/// </summary>
public sealed class MessageNotifications(ILogger<MessageNotifications> logger)
{
    private ImmutableArray<Func<MessageChange, Task>> subscribers = [];
    private ImmutableArray<Func<Task>> resyncSubscribers = [];
    private ImmutableArray<Func<InboundMessage, Task>> inboundSubscribers = [];

    public IDisposable Subscribe(Func<MessageChange, Task> onChange)
    {
        ImmutableInterlocked.Update(ref subscribers, list => list.Add(onChange));
        return new Subscription(() => ImmutableInterlocked.Update(ref subscribers, list => list.Remove(onChange)));
    }

    public IDisposable SubscribeToResync(Func<Task> onResync)
    {
        ImmutableInterlocked.Update(ref resyncSubscribers, list => list.Add(onResync));
        return new Subscription(() => ImmutableInterlocked.Update(ref resyncSubscribers, list => list.Remove(onResync)));
    }

    /// <summary>Inbound messages stored by this process (<see cref="InboundMessagePublisher"/>), for the conversation pages.</summary>
    public IDisposable SubscribeToInbound(Func<InboundMessage, Task> onInbound)
    {
        ImmutableInterlocked.Update(ref inboundSubscribers, list => list.Add(onInbound));
        return new Subscription(() => ImmutableInterlocked.Update(ref inboundSubscribers, list => list.Remove(onInbound)));
    }

    public async Task PublishInboundLocallyAsync(InboundMessage message)
    {
        foreach (var subscriber in inboundSubscribers)
        {
            try
            {
                await subscriber(message);
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "A subscriber failed to take inbound message {Sid}", message.Sid);
            }
        }
    }

    public async Task PublishResyncAsync()
    {
        foreach (var subscriber in resyncSubscribers)
        {
            try
            {
                await subscriber();
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "A subscriber failed to resync");
            }
        }
    }

    public async Task PublishLocallyAsync(MessageChange change)
    {
        foreach (var subscriber in subscribers)
        {
            try
            {
                await subscriber(change);
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "A subscriber failed to take the change to message {MessageId}", change.Message.Id);
            }
        }
    }

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                unsubscribe();
            }
        }
    }
}
