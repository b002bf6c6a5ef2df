using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Storage;

/// <summary>
/// The read side of exports: every message a <see cref="MessageQuery"/> matches, in its <see cref="MessageQuery.Sort"/>
/// order, read from the listing indexes in keyset batches of <see cref="BatchSize"/> rows (one short query each, no
/// read transaction held open between them), so a million-row export holds one batch in memory at a time. Paging
/// fields (page, page size, cursors, counts) are ignored: an export is the whole filter.
/// </summary>
public interface IMessageExportSource
{
    /// <summary>Rows read per query.</summary>
    const int BatchSize = 1_000;

    /// <summary>
    /// The matching messages in order. Messages created while the walk runs are included only when they sort after the
    /// rows already read; a message changed meanwhile is read as it is when its batch is read.
    /// </summary>
    IAsyncEnumerable<Message> ReadAsync(MessageQuery query, CancellationToken cancellationToken);
}

/// <summary>Keyset batches over the walk order, shared by both adapters.</summary>
public static class MessageExportBatches
{
    /// <summary>The query for the first batch: the filters of <paramref name="query"/>, no paging, no count.</summary>
    public static MessageQuery First(MessageQuery query) =>
        query with { Page = 1, Before = null, After = null, ExactCount = false };

    /// <summary>The query for the batch after <paramref name="last"/>, the last message read (<c>Before</c> is "next in sort order").</summary>
    public static MessageQuery After(MessageQuery query, Message last) =>
        First(query) with { Before = MessageCursor.Of(last) };
}
