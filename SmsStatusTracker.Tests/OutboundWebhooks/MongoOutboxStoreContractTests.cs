using MongoDB.Driver;
using SmsStatusTracker.Core.OutboundWebhooks;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Mongo;
using SmsStatusTracker.Tests.Storage;

namespace SmsStatusTracker.Tests.OutboundWebhooks;

/// <summary>
/// The outbox contract on a real MongoDB server (<see cref="MongoTestServer"/>; the companion needs transactions, so
/// a replica set): skipped with the reason where none is configured, failed where one is configured but does not answer.
/// </summary>
public sealed class MongoOutboxStoreContractTests(MongoTestServer server) : OutboxStoreContract
{
    private readonly string databaseName = $"sst_outbox_{Guid.NewGuid():N}"[..24];
    private MongoClient? client;

    protected override async Task<(IMessageStore Messages, IOutboxStore Outbox)> OpenAsync()
    {
        var connectionString = await server.DatabaseOrSkipAsync(databaseName, Ct);
        var options = new MongoStoreOptions(connectionString);
        client = new MongoClient(options.CreateClientSettings());
        var messages = new MongoMessageStore(client, options, [new MongoOutboxWriter()]);
        await messages.InitializeAsync(Ct);
        return (messages, new MongoOutboxStore(client, options));
    }

    public override async ValueTask DisposeAsync()
    {
        if (client is not null)
        {
            await client.DropDatabaseAsync(databaseName, CancellationToken.None);
            client.Dispose();
        }
    }
}
