using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Storage.Sqlite;

// The read side that scans many messages: the log's pages and reconciliation's work list.
public sealed partial class SqliteMessageStore
{
    public Task<MessagePage> ListAsync(MessageQuery query, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM messages {SqliteQueryBuilder.Where(query, count)}";
            var total = (long)(await count.ExecuteScalarAsync(cancellationToken) ?? 0L);

            await using var page = connection.CreateCommand();
            page.CommandText = $"SELECT document FROM messages {SqliteQueryBuilder.Where(query, page)} ORDER BY created_at DESC, id DESC LIMIT $take OFFSET $skip";
            page.Parameters.AddWithValue("$take", query.Take);
            page.Parameters.AddWithValue("$skip", query.Skip);
            var items = await ReadMessagesAsync(page, cancellationToken);
            return new MessagePage(items, total, Math.Max(query.Page, 1), query.Take);
        });

    public Task<IReadOnlyList<Message>> FindUnsettledAsync(DateTimeOffset updatedBefore, int limit, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<Message>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT document FROM messages
                WHERE is_final = 0 AND updated_at < $before AND json_extract(document, '$.reconciliationGaveUpAt') IS NULL
                ORDER BY updated_at LIMIT $limit
                """;
            command.Parameters.AddWithValue("$before", updatedBefore.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$limit", limit);
            return await ReadMessagesAsync(command, cancellationToken);
        });
}
