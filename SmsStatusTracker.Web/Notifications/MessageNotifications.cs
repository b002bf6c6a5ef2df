using System.Collections.Immutable;
using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Web.Notifications;

/// <summary>
/// Fans message changes out to everything in this process that watches them (open dashboards, the hub).
/// Subscribers get a handle to dispose; a slow or failing subscriber does not hold up the others.
/// </summary>
public sealed class MessageNotifications(ILogger<MessageNotifications> logger) : IMessageChangeNotifier
{
    private ImmutableArray<Func<MessageChange, Task>> subscribers = [];

    public IDisposable Subscribe(Func<MessageChange, Task> onChange)
    {
        ImmutableInterlocked.Update(ref subscribers, list => list.Add(onChange));
        return new Subscription(() => ImmutableInterlocked.Update(ref subscribers, list => list.Remove(onChange)));
    }

    public Task MessageChangedAsync(Message message, MessageChangeKind kind, CancellationToken cancellationToken) =>
        PublishLocallyAsync(new MessageChange(message, kind));

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
