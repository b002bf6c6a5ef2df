using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.OptOuts;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.OptOuts;

/// <summary>The opt-out store contract on a fresh temporary SQLite file per test, deleted afterwards.</summary>
public sealed class SqliteOptOutStoreContractTests : OptOutStoreContract
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"smsstatus-optouts-{Guid.NewGuid():N}.db");

    protected override Task<IOptOutStore> OpenAsync() =>
        Task.FromResult<IOptOutStore>(new SqliteOptOutStore(new SqliteStoreOptions($"Data Source={path}")));

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        SqliteTestFile.Delete(path);

        return ValueTask.CompletedTask;
    }
}
