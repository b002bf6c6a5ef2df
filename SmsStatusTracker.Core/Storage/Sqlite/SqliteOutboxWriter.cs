using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.OutboundWebhooks;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>
/// Writes a status change's outbox rows, one per enabled endpoint that wants it, inside the message write's
/// savepoint: the change and its events commit together or not at all.
/// </summary>
internal sealed class SqliteOutboxWriter : ISqliteMessageChangeWriter
{
    public string Schema => SqliteOutboxSchema.Create;

    public async Task WriteAsync(Func<string, SqliteCommand> command, StoredMessageChange change, CancellationToken cancellationToken)
    {
        if (!change.StatusChanged)
        {
            return;
        }

        var endpoints = new List<WebhookEndpoint>();
        var select = command($"SELECT {SqliteOutboxSchema.EndpointColumns} FROM webhook_endpoints WHERE enabled = 1");
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                endpoints.Add(SqliteOutboxSchema.ReadEndpoint(reader));
            }
        }

        foreach (var outboxEvent in OutboundEventPayload.ForChange(change, endpoints))
        {
            var insert = command(SqliteOutboxSchema.InsertEvent);
            SqliteOutboxSchema.BindEvent(insert.Parameters, outboxEvent);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
