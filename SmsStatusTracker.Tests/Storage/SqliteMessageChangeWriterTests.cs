using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Tests.Infrastructure;
using static SmsStatusTracker.Tests.Infrastructure.TestMessages;

namespace SmsStatusTracker.Tests.Storage;

/// <summary>Companion writes (rollups, outbox events) commit with the message change they follow, or not at all.</summary>
public sealed class SqliteMessageChangeWriterTests : IAsyncDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"smsstatus-companion-{Guid.NewGuid():N}.db");
    private readonly RecordingChangeWriter companion = new();
    private readonly RecordingBatchWriter batchCompanion = new();
    private readonly RefusingBatchWriter refusingCompanion = new();
    private readonly SqliteMessageStore store;

    public SqliteMessageChangeWriterTests() =>
        store = new SqliteMessageStore(new SqliteStoreOptions($"Data Source={path}"), [companion], [batchCompanion, refusingCompanion]);

    [Fact]
    public async Task EveryInsertAndChangeIsHandedToTheCompanionWithTheVersionItReplaced()
    {
        var ct = TestContext.Current.CancellationToken;
        await store.InitializeAsync(ct);
        var message = Stored(1, sid: "SM" + Guid.NewGuid().ToString("N"));
        await store.AddAsync(message, ct);
        await store.UpdateBySidAsync(message.Sid!, m => m with { Status = MessageStatus.Delivered }, ct);
        await store.UpdateAsync(message.Id, m => m, ct);

        Assert.Equal(["insert:-", $"change:{message.Status.ToWireName()}->delivered"], await CompanionRowsAsync(ct));
    }

    [Fact]
    public async Task ACompanionThatFailsRollsTheMessageChangeBackWithIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await store.InitializeAsync(ct);
        var message = Stored(2, sid: "SM" + Guid.NewGuid().ToString("N"));
        await store.AddAsync(message, ct);

        companion.FailNext = true;
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            store.UpdateAsync(message.Id, m => m with { Status = MessageStatus.Failed }, ct));

        Assert.Equal(message.Status, (await store.FindAsync(message.Id, ct))!.Status);
        Assert.Equal(["insert:-"], await CompanionRowsAsync(ct));
    }

    [Fact]
    public async Task ABatchCompanionGetsEveryKeptChangeOnceInTheBatchItCommitsWith()
    {
        var ct = TestContext.Current.CancellationToken;
        await store.InitializeAsync(ct);
        var messages = Enumerable.Range(10, 20).Select(n => Stored(n, sid: "SM" + Guid.NewGuid().ToString("N"))).ToList();
        await Task.WhenAll(messages.Select(m => store.AddAsync(m, ct)));
        await Task.WhenAll(messages.Select(m => store.UpdateBySidAsync(m.Sid!, x => x with { Status = MessageStatus.Delivered }, ct)));

        var rows = await CompanionRowsAsync("batch_rows", ct);
        Assert.Equal(20, rows.Count(r => r == "insert:-"));
        Assert.Equal(20, rows.Count(r => r == $"change:{messages[0].Status.ToWireName()}->delivered"));
        Assert.Equal(40, rows.Count);
    }

    [Fact]
    public async Task AChangeWhoseWriteIsRolledBackAfterABatchCompanionTookItNeverReachesThatCompanion()
    {
        var ct = TestContext.Current.CancellationToken;
        await store.InitializeAsync(ct);
        var message = Stored(3, sid: "SM" + Guid.NewGuid().ToString("N"));
        await store.AddAsync(message, ct);

        refusingCompanion.RefuseNext = true;
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            store.UpdateAsync(message.Id, m => m with { Status = MessageStatus.Failed }, ct));
        await store.UpdateAsync(message.Id, m => m with { Status = MessageStatus.Sent }, ct);

        Assert.Equal(["insert:-", $"change:{message.Status.ToWireName()}->sent"], await CompanionRowsAsync("batch_rows", ct));
    }

    [Fact]
    public async Task ABatchCompanionThatFailsToWriteFailsTheChangesOfItsBatch()
    {
        var ct = TestContext.Current.CancellationToken;
        await store.InitializeAsync(ct);
        var message = Stored(4, sid: "SM" + Guid.NewGuid().ToString("N"));
        await store.AddAsync(message, ct);

        batchCompanion.FailNextBatch = true;
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            store.UpdateAsync(message.Id, m => m with { Status = MessageStatus.Undelivered }, ct));

        Assert.Equal(message.Status, (await store.FindAsync(message.Id, ct))!.Status);
        Assert.Equal(["insert:-"], await CompanionRowsAsync("batch_rows", ct));
    }

    private async Task<List<string>> CompanionRowsAsync(CancellationToken ct) => await CompanionRowsAsync("companion_rows", ct);

    private async Task<List<string>> CompanionRowsAsync(string table, CancellationToken ct)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT what FROM {table} ORDER BY rowid";
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await store.DisposeAsync();
        SqliteTestFile.Delete(path);
    }

    private sealed class RecordingChangeWriter : ISqliteMessageChangeWriter
    {
        public bool FailNext { get; set; }

        public string Schema => "CREATE TABLE IF NOT EXISTS companion_rows (what TEXT NOT NULL);";

        public async Task WriteAsync(Func<string, SqliteCommand> command, StoredMessageChange change, CancellationToken cancellationToken)
        {
            var insert = command("INSERT INTO companion_rows (what) VALUES ($what)");
            insert.Parameters.AddWithValue("$what", change.IsInsert ? "insert:-" : $"change:{change.Before!.Status.ToWireName()}->{change.After.Status.ToWireName()}");
            await insert.ExecuteNonQueryAsync(cancellationToken);
            if (FailNext)
            {
                FailNext = false;
                throw new InvalidOperationException("companion failed");
            }
        }
    }

    private static string Describe(StoredMessageChange change) =>
        change.IsInsert ? "insert:-" : $"change:{change.Before!.Status.ToWireName()}->{change.After.Status.ToWireName()}";

    /// <summary>Writes a row per change at the batch's end, all in one call per batch.</summary>
    private sealed class RecordingBatchWriter : ISqliteMessageChangeBatchWriter
    {
        public bool FailNextBatch { get; set; }

        public string Schema => "CREATE TABLE IF NOT EXISTS batch_rows (what TEXT NOT NULL);";

        public Task<bool> TakesAsync(Func<string, SqliteCommand> command, StoredMessageChange change, CancellationToken cancellationToken) =>
            Task.FromResult(true);

        public async Task WriteAsync(Func<string, SqliteCommand> command, IReadOnlyList<StoredMessageChange> changes, CancellationToken cancellationToken)
        {
            foreach (var change in changes)
            {
                var insert = command("INSERT INTO batch_rows (what) VALUES ($what)");
                insert.Parameters.AddWithValue("$what", Describe(change));
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            if (FailNextBatch)
            {
                FailNextBatch = false;
                throw new InvalidOperationException("batch companion failed");
            }
        }
    }

    /// <summary>Registered after <see cref="RecordingBatchWriter"/>: failing here rolls back a change that one already took.</summary>
    private sealed class RefusingBatchWriter : ISqliteMessageChangeBatchWriter
    {
        public bool RefuseNext { get; set; }

        public string Schema => "SELECT 1;";

        public Task<bool> TakesAsync(Func<string, SqliteCommand> command, StoredMessageChange change, CancellationToken cancellationToken)
        {
            if (RefuseNext && !change.IsInsert)
            {
                RefuseNext = false;
                throw new InvalidOperationException("batch companion refused the change");
            }

            return Task.FromResult(false);
        }

        public Task WriteAsync(Func<string, SqliteCommand> command, IReadOnlyList<StoredMessageChange> changes, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("takes nothing, so it is never asked to write");
    }
}
