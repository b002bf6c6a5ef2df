using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.Storage;

/// <summary>The contract on a fresh temporary SQLite file per test, deleted afterwards.</summary>
public sealed class SqliteMessageStoreContractTests : MessageStoreContract
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"smsstatus-contract-{Guid.NewGuid():N}.db");
    private readonly List<SqliteMessageStore> stores = [];

    protected override async Task<IMessageStore> CreateStoreAsync()
    {
        var store = Open();
        await store.InitializeAsync(Ct);
        return store;
    }

    protected override Task<IMessageStore> OpenSecondInstanceAsync(IMessageStore first) => Task.FromResult<IMessageStore>(Open());

    public override async ValueTask DisposeAsync()
    {
        var options = new SqliteStoreOptions($"Data Source={path}");
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }

        // Pooled connections keep the file open; release them before deleting.
        using (var connection = new SqliteConnection(options.ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        SqliteTestFile.Delete(path);
    }

    private SqliteMessageStore Open()
    {
        var store = new SqliteMessageStore(new SqliteStoreOptions($"Data Source={path}"));
        stores.Add(store);
        return store;
    }
}
