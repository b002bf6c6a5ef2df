using System.Diagnostics;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Mongo;
using SmsStatusTracker.Core.Storage.Sqlite;

namespace SmsStatusTracker.Core.Diagnostics;

/// <summary>
/// Wraps the store so every committed change is measured in one place, whatever caused it (send response,
/// callback, poll, reconciliation), without each caller having to remember to count, and every call is traced
/// (<see cref="TrackerTracing.StoreSourceName"/>).
/// </summary>
internal sealed class MeteredMessageStore(IMessageStore inner, TrackerMetrics metrics) : IMessageStore
{
    private readonly string? dbSystem = inner switch
    {
        SqliteMessageStore => "sqlite",
        MongoMessageStore => "mongodb",
        _ => null,
    };

    public string Description => inner.Description;

    public Task InitializeAsync(CancellationToken cancellationToken) => TracedAsync("store InitializeAsync", () => inner.InitializeAsync(cancellationToken));

    public Task AddAsync(Message message, CancellationToken cancellationToken) => TracedAsync("store AddAsync", () => inner.AddAsync(message, cancellationToken));

    public Task<Message?> FindAsync(Guid id, CancellationToken cancellationToken) => TracedAsync("store FindAsync", () => inner.FindAsync(id, cancellationToken));

    public Task<Message?> FindBySidAsync(string sid, CancellationToken cancellationToken) => TracedAsync("store FindBySidAsync", () => inner.FindBySidAsync(sid, cancellationToken));

    public Task<Message?> UpdateAsync(Guid id, Func<Message, Message> change, CancellationToken cancellationToken) =>
        TracedAsync("store UpdateAsync", () => MeteredAsync(metered => inner.UpdateAsync(id, metered, cancellationToken), change));

    public Task<Message?> UpdateBySidAsync(string sid, Func<Message, Message> change, CancellationToken cancellationToken) =>
        TracedAsync("store UpdateBySidAsync", () => MeteredAsync(metered => inner.UpdateBySidAsync(sid, metered, cancellationToken), change));

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

    public Task ParkAsync(ParkedStatusEvent parked, CancellationToken cancellationToken) => TracedAsync("store ParkAsync", () => inner.ParkAsync(parked, cancellationToken));

    public Task<IReadOnlyList<ParkedStatusEvent>> FindParkedAsync(string sid, CancellationToken cancellationToken) => TracedAsync("store FindParkedAsync", () => inner.FindParkedAsync(sid, cancellationToken));

    public Task RemoveParkedAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) => TracedAsync("store RemoveParkedAsync", () => inner.RemoveParkedAsync(ids, cancellationToken));

    public Task<int> RemoveParkedBeforeAsync(DateTimeOffset receivedBefore, CancellationToken cancellationToken) =>
        TracedAsync("store RemoveParkedBeforeAsync", () => inner.RemoveParkedBeforeAsync(receivedBefore, cancellationToken));

    public Task<long> CountParkedAsync(CancellationToken cancellationToken) => TracedAsync("store CountParkedAsync", () => inner.CountParkedAsync(cancellationToken));

    public Task<MessagePage> ListAsync(MessageQuery query, CancellationToken cancellationToken) => TracedAsync("store ListAsync", () => inner.ListAsync(query, cancellationToken));

    public Task<IReadOnlyList<Message>> FindUnsettledAsync(DateTimeOffset updatedBefore, int limit, CancellationToken cancellationToken) =>
        TracedAsync("store FindUnsettledAsync", () => inner.FindUnsettledAsync(updatedBefore, limit, cancellationToken));

    public Task PingAsync(CancellationToken cancellationToken) => TracedAsync("store PingAsync", () => inner.PingAsync(cancellationToken));

    public Task<IReadOnlyList<Message>> FindResendsOfAsync(Guid id, CancellationToken cancellationToken) => TracedAsync("store FindResendsOfAsync", () => inner.FindResendsOfAsync(id, cancellationToken));

    private async Task TracedAsync(string name, Func<Task> call)
    {
        using var activity = Start(name);
        try
        {
            await call();
        }
        catch (Exception exception) when (Failed(activity, exception))
        {
            throw;
        }
    }

    private async Task<T> TracedAsync<T>(string name, Func<Task<T>> call)
    {
        using var activity = Start(name);
        try
        {
            return await call();
        }
        catch (Exception exception) when (Failed(activity, exception))
        {
            throw;
        }
    }

    private Activity? Start(string name)
    {
        var activity = TrackerTracing.Store.StartActivity(name, ActivityKind.Client);
        if (activity is not null && dbSystem is not null)
        {
            activity.SetTag("db.system", dbSystem);
        }

        return activity;
    }

    /// <summary>Marks the span failed (type only: messages may name hosts) and lets the exception through.</summary>
    private static bool Failed(Activity? activity, Exception exception)
    {
        activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        activity?.SetTag("error.type", exception.GetType().FullName);
        return false;
    }
}
