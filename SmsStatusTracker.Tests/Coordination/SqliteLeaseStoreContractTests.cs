using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Coordination;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.Coordination;

/// <summary>The lease contract on a fresh temporary SQLite file per test, deleted afterwards.</summary>
public sealed class SqliteLeaseStoreContractTests : LeaseStoreContract
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"smsstatus-leases-{Guid.NewGuid():N}.db");

    protected override Task<ILeaseStore> OpenAsync() =>
        Task.FromResult<ILeaseStore>(new SqliteLeaseStore(new SqliteStoreOptions($"Data Source={path}")));

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        SqliteTestFile.Delete(path);

        return ValueTask.CompletedTask;
    }
}
