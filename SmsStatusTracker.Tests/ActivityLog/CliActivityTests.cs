using SmsStatusTracker.Core.ActivityLog;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.ActivityLog;

/// <summary>The management commands change accounts and keys without a signed-in admin: they are recorded with the console as actor.</summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class CliActivityTests : IDisposable
{
    private readonly AppProcess cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task AddingAUserAndCreatingAKeyAtTheConsoleAreRecordedWithTheConsoleAsActor()
    {
        var added = await cli.RunAsync("users", "add", "ops@example.com", "--role", "Operator");
        var created = await cli.RunAsync("apikeys", "create", "--user", "ops@example.com", "--name", "cron");
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.True(created.ExitCode == 0, created.ToString());

        var log = new SqliteActivityLog(new SqliteStoreOptions(cli.ConnectionString));
        var entries = (await log.QueryAsync(new ActivityQuery { Actor = ActivityActors.Console }, TestContext.Current.CancellationToken)).Entries;

        Assert.Equal([(ActivityKind.ApiKeyCreated, "cron"), (ActivityKind.Invite, "ops@example.com")], entries.Select(e => (e.Kind, e.Target)));
    }
}
