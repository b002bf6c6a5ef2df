using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Storage.Sqlite;

// The chain of resends of one message (its details page); served by ix_messages_resent_from, whose expression this
// query must repeat exactly for SQLite to use it.
public sealed partial class SqliteMessageStore
{
    public Task<IReadOnlyList<Message>> FindResendsOfAsync(Guid id, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<Message>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT document FROM messages
                WHERE json_extract(document, '$.resentFromId') IS NOT NULL AND json_extract(document, '$.resentFromId') = $id
                ORDER BY created_at, id
                """;
            // MessageJson writes Guids in the "D" form.
            command.Parameters.AddWithValue("$id", id.ToString("D"));
            return await ReadMessagesAsync(command, cancellationToken);
        });
}
