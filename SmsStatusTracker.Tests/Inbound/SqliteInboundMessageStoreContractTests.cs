using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Inbound;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.Inbound;

/// <summary>The inbound store contract on a fresh temporary SQLite file per test, deleted afterwards.</summary>
public sealed class SqliteInboundMessageStoreContractTests : InboundMessageStoreContract
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"smsstatus-inbound-{Guid.NewGuid():N}.db");

    protected override Task<IInboundMessageStore> OpenAsync() =>
        Task.FromResult<IInboundMessageStore>(new SqliteInboundMessageStore(new SqliteStoreOptions($"Data Source={path}")));

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        SqliteTestFile.Delete(path);

        return ValueTask.CompletedTask;
    }
}
