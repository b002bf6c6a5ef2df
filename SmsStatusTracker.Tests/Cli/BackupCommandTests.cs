using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.Cli;

/// <summary><c>backup &lt;file&gt;</c> against a database that is being written to while it runs.</summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class BackupCommandTests : IDisposable
{
    private readonly AppProcess cli = new();
    private readonly string folder = Directory.CreateTempSubdirectory("smsstatus-backup-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheBackupIsAWholeSingleFileDatabaseWithEveryMessageStoredBeforeItStartedWhileWritesGoOn()
    {
        await using var store = new SqliteMessageStore(new SqliteStoreOptions(cli.ConnectionString));
        await store.InitializeAsync(Ct);
        var before = Enumerable.Range(1, 200).Select(n => TestMessages.Stored(n, MessageStatus.Sent, sid: $"SM_before_{n}")).ToArray();
        foreach (var message in before)
        {
            await store.AddAsync(message, Ct);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var writes = Task.Run(async () =>
        {
            for (var n = 1000; !stop.IsCancellationRequested; n++)
            {
                await store.AddAsync(TestMessages.Stored(n, MessageStatus.Queued, sid: $"SM_during_{n}"), CancellationToken.None);
            }
        }, Ct);
        var target = Path.Combine(folder, "nested", "copy.db");

        var result = await cli.RunAsync("backup", target);
        await stop.CancelAsync();
        await writes;

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(target, result.Output, StringComparison.Ordinal);
        Assert.Equal([target], Directory.GetFiles(Path.GetDirectoryName(target)!));
        await using var copy = new SqliteMessageStore(new SqliteStoreOptions($"Data Source={target};Mode=ReadOnly"));
        foreach (var message in before)
        {
            Assert.Equal(message.Body, (await copy.FindAsync(message.Id, Ct))?.Body);
        }

        var page = await copy.ListAsync(new MessageQuery { PageSize = 100 }, Ct);
        Assert.NotEmpty(page.Items);
    }

    [Fact]
    public async Task AnExistingFileIsNeverOverwritten()
    {
        var target = Path.Combine(folder, "taken.db");
        await File.WriteAllTextAsync(target, "precious", Ct);

        var result = await cli.RunAsync("backup", target);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("already exists", result.Error, StringComparison.Ordinal);
        Assert.Equal("precious", await File.ReadAllTextAsync(target, Ct));
    }

    [Fact]
    public async Task BackupNeedsExactlyOneFileName()
    {
        Assert.Equal(2, (await cli.RunAsync("backup")).ExitCode);
        Assert.Equal(2, (await cli.RunAsync("backup", "a.db", "b.db")).ExitCode);
    }

    public void Dispose()
    {
        cli.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
