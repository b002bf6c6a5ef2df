using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Sending.Idempotency;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.Sending.Idempotency;

/// <summary>The idempotency contract on a fresh temporary SQLite file per test, deleted afterwards.</summary>
public sealed class SqliteIdempotencyStoreContractTests : IdempotencyStoreContract
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"smsstatus-idempotency-{Guid.NewGuid():N}.db");
    private readonly List<SqliteMessageStore> messageStores = [];

    private SqliteStoreOptions Options => new($"Data Source={path}");

    protected override Task<IIdempotencyStore> OpenKeysAsync() => Task.FromResult<IIdempotencyStore>(new SqliteIdempotencyStore(Options));

    protected override async Task<IMessageStore> OpenMessagesAsync()
    {
        var store = new SqliteMessageStore(Options);
        messageStores.Add(store);
        await store.InitializeAsync(Ct);
        return store;
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var store in messageStores)
        {
            await store.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        SqliteTestFile.Delete(path);
    }
}
