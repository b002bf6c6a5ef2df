using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;

namespace SmsStatusTracker.Web.LiveFeed;

/// <summary>
/// The rows of a live list for one <see cref="MessageQuery"/>: a load from the store, then every change applied in
/// place — a newer version replaces its row, a new message that <see cref="MessageQuery.Matches"/> goes on top of
/// the first page. Changes that arrive while a load runs are kept and applied after it, since they may be newer
/// than what the load read.
/// </summary>
public sealed class LiveMessageList
{
    private readonly List<Message> rows = [];
    private readonly List<MessageChange> arrivedWhileLoading = [];
    private int loadGeneration;

    public IReadOnlyList<Message> Rows => rows;

    public long Total { get; private set; }

    /// <summary>The page last loaded: whether its total is exact, and its older/newer cursors.</summary>
    public MessagePage? Page { get; private set; }

    public bool Loading { get; private set; } = true;

    public MessageQuery Query { get; private set; } = new();

    /// <summary>Reads <paramref name="query"/> from the store; false when a later load overtook this one.</summary>
    public async Task<bool> LoadAsync(IMessageStore store, MessageQuery query, CancellationToken cancellationToken)
    {
        var generation = ++loadGeneration;
        Query = query;
        Loading = true;
        arrivedWhileLoading.Clear();
        try
        {
            var page = await store.ListAsync(query, cancellationToken);
            if (generation != loadGeneration)
            {
                return false; // the query changed again meanwhile; the newer load wins
            }

            Total = page.Total;
            Page = page;
            rows.Clear();
            rows.AddRange(page.Items);
            return true;
        }
        finally
        {
            if (generation == loadGeneration)
            {
                Loading = false;
                foreach (var change in arrivedWhileLoading)
                {
                    Apply(change);
                }

                arrivedWhileLoading.Clear();
            }
        }
    }

    /// <summary>Applies one change; true when the rows or the total changed.</summary>
    public bool Apply(MessageChange change)
    {
        if (Loading)
        {
            arrivedWhileLoading.Add(change);
            return false;
        }

        var message = change.Message;
        var index = rows.FindIndex(m => m.Id == message.Id);
        if (index >= 0)
        {
            if (message.Version < rows[index].Version)
            {
                return false; // a reload already read a newer version
            }

            rows[index] = message;
            return true;
        }

        if (change.Kind != MessageChangeKind.Created || !Query.Matches(message))
        {
            return false;
        }

        Total++;
        if (Query.IsFirstPage)
        {
            rows.Insert(0, message);
            if (rows.Count > Query.Take)
            {
                rows.RemoveRange(Query.Take, rows.Count - Query.Take);
            }
        }

        return true;
    }
}
