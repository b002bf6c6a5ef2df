using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Sqlite;
using static SmsStatusTracker.Tests.Infrastructure.TestMessages;
using static SmsStatusTracker.Tests.Storage.MessageStoreTestData;

namespace SmsStatusTracker.Tests.Storage;

/// <summary>Writes committed together still succeed or fail one by one.</summary>
public sealed class SqliteGroupCommitTests : IAsyncDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"smsstatus-group-{Guid.NewGuid():N}.db");
    private readonly SqliteMessageStore store;

    public SqliteGroupCommitTests() => store = new SqliteMessageStore(new SqliteStoreOptions($"Data Source={path}"));

    [Fact]
    public async Task AFailingWriteInABatchIsRolledBackAloneAndTheOthersAreStored()
    {
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        var existing = Stored(0, sid: "SM" + Guid.NewGuid().ToString("N"));
        await store.AddAsync(existing, TestContext.Current.CancellationToken);
        var fresh = Enumerable.Range(1, 40).Select(n => Stored(n, sid: "SM" + Guid.NewGuid().ToString("N"))).ToList();

        // Many writes at once land in shared transactions; one of them reuses an existing SID.
        var writes = fresh.Select(m => store.AddAsync(m, TestContext.Current.CancellationToken))
            .Append(store.AddAsync(Stored(99, sid: existing.Sid), TestContext.Current.CancellationToken))
            .Append(store.UpdateAsync(existing.Id, m => m with { Status = MessageStatus.Sent }, TestContext.Current.CancellationToken))
            .ToList();
        var outcome = await Task.WhenAll(writes.Select(async w =>
        {
            try
            {
                await w;
                return "ok";
            }
            catch (DuplicateMessageException)
            {
                return "duplicate";
            }
        }));

        Assert.Equal(1, outcome.Count(o => o == "duplicate"));
        var page = await store.ListAsync(new MessageQuery { PageSize = 100 }, TestContext.Current.CancellationToken);
        Assert.Equal(fresh.Count + 1, page.Total);
        Assert.Equal(MessageStatus.Sent, (await store.FindAsync(existing.Id, TestContext.Current.CancellationToken))!.Status);
    }

    [Fact]
    public async Task TheWriterCommitsWithFullSyncAndReadsThroughAMemoryMap()
    {
        var ct = TestContext.Current.CancellationToken;
        await store.InitializeAsync(ct);

        var synchronous = await store.WriteWithMessagesAsync("PRAGMA synchronous", async command => (long)(await command.ExecuteScalarAsync(ct))!, ct);
        var memoryMap = await store.WriteWithMessagesAsync("PRAGMA mmap_size", async command => (long)(await command.ExecuteScalarAsync(ct))!, ct);

        Assert.Equal(2, synchronous); // FULL: a 200 for a callback means its commit reached the disk.
        Assert.True(memoryMap >= 64L * 1024 * 1024, $"mmap_size is {memoryMap}");
    }

    public async ValueTask DisposeAsync()
    {
        await store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
