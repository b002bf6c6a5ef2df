using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.ActivityLog;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.ActivityLog;

/// <summary>
/// The activity log contract as the app wires it: entries committed by the message store's group-commit writer (one
/// writer per file), reads on connections of their own.
/// </summary>
public sealed class SqliteActivityLogThroughTheMessageWriterContractTests : ActivityLogContract
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"smsstatus-activity-writer-{Guid.NewGuid():N}.db");
    private SqliteMessageStore? messages;

    protected override async Task<IActivityLog> OpenAsync()
    {
        var options = new SqliteStoreOptions($"Data Source={path}");
        messages = new SqliteMessageStore(options);
        await messages.InitializeAsync(Ct);
        return new SqliteActivityLog(options, messages);
    }

    [Fact]
    public async Task EntriesAreWrittenByTheMessageWriterNotByAConnectionBesideIt()
    {
        var log = await OpenAsync();
        await log.RecordAsync(Entry(T0), Ct);

        // With the writer gone an entry cannot be written: a log writing on a connection of its own still could.
        var writer = messages!;
        messages = null;
        await writer.DisposeAsync();

        await Assert.ThrowsAsync<SmsStatusTracker.Core.Storage.StoreUnavailableException>(() => log.RecordAsync(Entry(T0.AddSeconds(1)), Ct));
        Assert.Single((await log.QueryAsync(new ActivityQuery(), Ct)).Entries);
    }

    public override async ValueTask DisposeAsync()
    {
        if (messages is not null)
        {
            await messages.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        SqliteTestFile.Delete(path);
    }
}
