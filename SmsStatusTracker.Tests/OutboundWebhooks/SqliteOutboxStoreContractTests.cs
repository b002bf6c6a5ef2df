using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.OutboundWebhooks;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.OutboundWebhooks;

/// <summary>The outbox contract on a fresh temporary SQLite file per test, deleted afterwards.</summary>
public sealed class SqliteOutboxStoreContractTests : OutboxStoreContract
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"smsstatus-outbox-{Guid.NewGuid():N}.db");
    private SqliteMessageStore? messages;

    protected override async Task<(IMessageStore Messages, IOutboxStore Outbox)> OpenAsync()
    {
        var options = new SqliteStoreOptions($"Data Source={path}");
        messages = new SqliteMessageStore(options, [new SqliteOutboxWriter()]);
        await messages.InitializeAsync(Ct);
        return (messages, new SqliteOutboxStore(options));
    }

    public override async ValueTask DisposeAsync()
    {
        if (messages is not null)
        {
            await messages.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        SqliteTestFile.Delete(path);
    }
}
