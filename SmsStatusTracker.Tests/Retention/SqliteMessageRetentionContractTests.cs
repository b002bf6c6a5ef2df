using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Retention;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.Retention;

public sealed class SqliteMessageRetentionContractTests : MessageRetentionContract
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"smsstatus-retention-{Guid.NewGuid():N}.db");
    private SqliteMessageStore? store;

    protected override async Task<(IMessageStore Store, IMessageRetention Retention)> CreateAsync()
    {
        var options = new SqliteStoreOptions($"Data Source={path}");
        store = new SqliteMessageStore(options);
        await store.InitializeAsync(Ct);
        return (store, new SqliteMessageRetention(options));
    }

    public override async ValueTask DisposeAsync()
    {
        if (store is not null)
        {
            await store.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        SqliteTestFile.Delete(path);
    }
}
