using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Alerts;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.Alerts;

/// <summary>The alert store contract on a fresh temporary SQLite file per test, deleted afterwards.</summary>
public sealed class SqliteAlertStoreContractTests : AlertStoreContract
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"smsstatus-alerts-{Guid.NewGuid():N}.db");

    protected override Task<IAlertStore> OpenAsync() =>
        Task.FromResult<IAlertStore>(new SqliteAlertStore(new SqliteStoreOptions($"Data Source={path}")));

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        SqliteTestFile.Delete(path);
        return ValueTask.CompletedTask;
    }
}
