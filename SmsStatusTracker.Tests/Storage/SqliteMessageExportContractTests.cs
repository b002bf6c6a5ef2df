using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.Storage;

/// <summary>The export contract on a fresh temporary SQLite file per test, deleted afterwards.</summary>
public sealed class SqliteMessageExportContractTests : MessageExportContract
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"smsstatus-export-{Guid.NewGuid():N}.db");
    private SqliteMessageStore? store;

    protected override async Task<(IMessageStore Store, IMessageExportSource Export)> CreateAsync(int batchSize)
    {
        var options = new SqliteStoreOptions($"Data Source={path}");
        store = new SqliteMessageStore(options);
        await store.InitializeAsync(Ct);
        return (store, new SqliteMessageExport(options) { BatchSize = batchSize });
    }

    public override async ValueTask DisposeAsync()
    {
        if (store is not null)
        {
            await store.DisposeAsync();
        }

        using (var connection = new SqliteConnection(new SqliteStoreOptions($"Data Source={path}").ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        SqliteTestFile.Delete(path);
    }
}
