using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;

namespace SmsStatusTracker.Core.Diagnostics;

/// <summary>
/// Wraps the store so every committed change is measured in one place, whatever caused it (send response,
/// callback, poll, reconciliation), without each caller having to remember to count.
/// </summary>
internal sealed class MeteredMessageStore(IMessageStore inner, TrackerMetrics metrics) : IMessageStore
{
    public string Description => inner.Description;

    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    public Task AddAsync(Message message, CancellationToken cancellationToken) => inner.AddAsync(message, cancellationToken);

    public Task<Message?> FindAsync(Guid id, CancellationToken cancellationToken) => inner.FindAsync(id, cancellationToken);

    public Task<Message?> FindBySidAsync(string sid, CancellationToken cancellationToken) => inner.FindBySidAsync(sid, cancellationToken);

    public Task<Message?> UpdateAsync(Guid id, Func<Message, Message> change, CancellationToken cancellationToken) =>
        MeteredAsync(metered => inner.UpdateAsync(id, metered, cancellationToken), change);

    public Task<Message?> UpdateBySidAsync(string sid, Func<Message, Message> change, CancellationToken cancellationToken) =>
        MeteredAsync(metered => inner.UpdateBySidAsync(sid, metered, cancellationToken), change);

    private async Task<Message?> MeteredAsync(Func<Func<Message, Message>, Task<Message?>> update, Func<Message, Message> change)
    {
        // The change may run more than once when a concurrent writer wins; the last run is the one stored.
        Message? before = null;
        var stored = await update(current =>
        {
            before = current;
            return change(current);
        });

        if (stored is not null && before is not null && !ReferenceEquals(stored, before))
        {
            metrics.Changed(before, stored);
        }

        return stored;
    }

    public Task ParkAsync(ParkedStatusEvent parked, CancellationToken cancellationToken) => inner.ParkAsync(parked, cancellationToken);

    public Task<IReadOnlyList<ParkedStatusEvent>> FindParkedAsync(string sid, CancellationToken cancellationToken) => inner.FindParkedAsync(sid, cancellationToken);

    public Task RemoveParkedAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) => inner.RemoveParkedAsync(ids, cancellationToken);

    public Task<int> RemoveParkedBeforeAsync(DateTimeOffset receivedBefore, CancellationToken cancellationToken) =>
        inner.RemoveParkedBeforeAsync(receivedBefore, cancellationToken);

    public Task<long> CountParkedAsync(CancellationToken cancellationToken) => inner.CountParkedAsync(cancellationToken);

    public Task<MessagePage> ListAsync(MessageQuery query, CancellationToken cancellationToken) => inner.ListAsync(query, cancellationToken);

    public Task<IReadOnlyList<Message>> FindUnsettledAsync(DateTimeOffset updatedBefore, int limit, CancellationToken cancellationToken) =>
        inner.FindUnsettledAsync(updatedBefore, limit, cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);

    public Task<IReadOnlyList<Message>> FindResendsOfAsync(Guid id, CancellationToken cancellationToken) => inner.FindResendsOfAsync(id, cancellationToken);
}
