using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Storage;

/// <summary>
/// The persistence port. Adapters store messages and apply changes atomically in the database itself,
/// so several app instances can update one message at once without losing or regressing anything.
/// </summary>
public interface IMessageStore
{
    /// <summary>A short description for logs ("SQLite file data/smsstatus.db"); never contains secrets.</summary>
    string Description { get; }

    /// <summary>Creates tables, collections and indexes when missing. Safe to call repeatedly.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Inserts a new message. Throws <see cref="DuplicateMessageException"/> when its id or SID exists.</summary>
    Task AddAsync(Message message, CancellationToken cancellationToken);

    Task<Message?> FindAsync(Guid id, CancellationToken cancellationToken);

    Task<Message?> FindBySidAsync(string sid, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically replaces a message with <paramref name="change"/> applied to its current stored version.
    /// <paramref name="change"/> must be pure: it may run more than once when a concurrent writer wins.
    /// Returns the stored result, or null when no message has that id. When <paramref name="change"/> returns the
    /// very instance it was given (nothing to change), nothing is written and that instance is returned.
    /// </summary>
    Task<Message?> UpdateAsync(Guid id, Func<Message, Message> change, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="UpdateAsync"/> for the message whose SID is <paramref name="sid"/>, found and changed in one step
    /// (a status callback names the SID). Same rules: <paramref name="change"/> must be pure and may run more than
    /// once; null when no message has that SID; the very instance given back means nothing was written.
    /// </summary>
    Task<Message?> UpdateBySidAsync(string sid, Func<Message, Message> change, CancellationToken cancellationToken);

    /// <summary>Durably keeps a status observation whose message is not known yet.</summary>
    Task ParkAsync(ParkedStatusEvent parked, CancellationToken cancellationToken);

    Task<IReadOnlyList<ParkedStatusEvent>> FindParkedAsync(string sid, CancellationToken cancellationToken);

    Task RemoveParkedAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken);

    /// <summary>Removes every parked observation received before <paramref name="receivedBefore"/>; returns how many.</summary>
    Task<int> RemoveParkedBeforeAsync(DateTimeOffset receivedBefore, CancellationToken cancellationToken);

    Task<long> CountParkedAsync(CancellationToken cancellationToken);

    /// <summary>Newest first, filtered and paged.</summary>
    Task<MessagePage> ListAsync(MessageQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Messages not yet final whose last change is older than <paramref name="updatedBefore"/>, oldest first.
    /// Messages reconciliation gave up on (<see cref="Message.ReconciliationGaveUpAt"/>) are left out, so they
    /// never crowd out the ones still worth asking Twilio about.
    /// </summary>
    Task<IReadOnlyList<Message>> FindUnsettledAsync(DateTimeOffset updatedBefore, int limit, CancellationToken cancellationToken);

    /// <summary>A cheap round trip to the database for readiness checks; throws <see cref="StoreUnavailableException"/> when it cannot answer.</summary>
    Task PingAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The messages sent as resends of message <paramref name="id"/> (whose <see cref="Message.ResentFromId"/> is it),
    /// oldest first; empty when there are none. Indexed, so a details page can show the chain cheaply.
    /// </summary>
    Task<IReadOnlyList<Message>> FindResendsOfAsync(Guid id, CancellationToken cancellationToken);
}
