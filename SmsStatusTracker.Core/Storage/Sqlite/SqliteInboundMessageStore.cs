using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Inbound;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>Inbound messages in the SQLite file, keyed by SID: a retry's insert is ignored.</summary>
public sealed class SqliteInboundMessageStore(SqliteStoreOptions options, SqliteMessageStore? messages = null) : IInboundMessageStore
{
    public async Task<bool> AddAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        await SqliteTwoWaySchema.EnsureCreatedAsync(options, cancellationToken);
        return await SqliteWrites.RunAsync(options, messages, "store an inbound message", async command =>
        {
            var insert = command("""
                INSERT INTO inbound_messages (sid, from_number, to_number, body, received_at)
                VALUES ($sid, $from, $to, $body, $at) ON CONFLICT (sid) DO NOTHING
                """);
            insert.Parameters.AddWithValue("$sid", message.Sid);
            insert.Parameters.AddWithValue("$from", message.From);
            insert.Parameters.AddWithValue("$to", message.To);
            insert.Parameters.AddWithValue("$body", message.Body);
            insert.Parameters.AddWithValue("$at", message.ReceivedAt.ToUnixTimeMilliseconds());
            return await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<InboundMessage>> ListFromAsync(string from, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await SqliteTwoWaySchema.OpenAsync(options, cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT sid, from_number, to_number, body, received_at FROM inbound_messages
                WHERE from_number = $from ORDER BY received_at DESC, sid DESC LIMIT $limit
                """;
            command.Parameters.AddWithValue("$from", from);
            command.Parameters.AddWithValue("$limit", Math.Max(1, limit));
            var found = new List<InboundMessage>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                found.Add(new InboundMessage
                {
                    Sid = reader.GetString(0),
                    From = reader.GetString(1),
                    To = reader.GetString(2),
                    Body = reader.GetString(3),
                    ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                });
            }

            found.Reverse();
            return found;
        }
        catch (SqliteException exception)
        {
            throw SqliteTwoWaySchema.Unavailable(exception);
        }
    }
}
