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
    private readonly SqliteMessageStore store;

    public SqliteMessageChangeWriterTests() =>
        store = new SqliteMessageStore(new SqliteStoreOptions($"Data Source={path}"), [companion]);

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

    private async Task<List<string>> CompanionRowsAsync(CancellationToken ct)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT what FROM companion_rows ORDER BY rowid";
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
}
