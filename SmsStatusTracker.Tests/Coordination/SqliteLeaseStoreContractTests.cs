using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Coordination;
using SmsStatusTracker.Core.Storage.Sqlite;

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
        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            File.Delete(file);
        }

        return ValueTask.CompletedTask;
    }
}
