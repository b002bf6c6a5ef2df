using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Bulk;
using SmsStatusTracker.Core.OptOuts;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.Bulk;

/// <summary>The bulk job contract on a fresh temporary SQLite file per test, deleted afterwards.</summary>
public sealed class SqliteBulkJobStoreContractTests : BulkJobStoreContract
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"smsstatus-bulk-{Guid.NewGuid():N}.db");

    private SqliteStoreOptions Options => new($"Data Source={path}");

    protected override Task<IBulkJobStore> OpenAsync() => Task.FromResult<IBulkJobStore>(new SqliteBulkJobStore(Options));

    protected override Task<IOptOutStore> OpenOptOutsAsync() => Task.FromResult<IOptOutStore>(new SqliteOptOutStore(Options));

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        SqliteTestFile.Delete(path);
        return ValueTask.CompletedTask;
    }
}
