using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Storage;

/// <summary>What every adapter's <see cref="IMessageStore.UpdateAsync"/> does with a change before writing it.</summary>
public static class MessageUpdate
{
    /// <summary>
    /// The version to write: the change applied to <paramref name="current"/> with the next version number, or null
    /// when the change returned the message it was given (nothing to write). A change may not alter the id. Its times
    /// are cut to whole milliseconds, as the stores keep them.
    /// </summary>
    public static Message? Next(Message current, Func<Message, Message> change)
    {
        var changed = change(current);
        if (ReferenceEquals(changed, current))
        {
            return null;
        }

        if (changed.Id != current.Id)
        {
            throw new InvalidOperationException($"A change to message {current.Id} must not change its id (got {changed.Id}).");
        }

        // Returned as stored: times in whole milliseconds (see StoredTimes).
        return StoredTimes.ToMilliseconds(changed with { Version = current.Version + 1 });
    }
}
