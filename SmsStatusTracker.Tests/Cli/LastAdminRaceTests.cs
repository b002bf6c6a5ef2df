using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.Cli;

/// <summary>
/// Two management CLI processes on one SQLite file each deactivate one of the last two admins at the same moment:
/// the store, not a per-process lock, must refuse one of them.
/// </summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class LastAdminRaceTests : IDisposable
{
    private readonly AppProcess cli = new();

    [Fact]
    public async Task TwoProcessesDeactivatingTheLastTwoAdminsLeaveExactlyOne()
    {
        // admin@localhost is Development's bootstrap admin.
        var remaining = "admin@localhost";
        for (var round = 1; round <= 3; round++)
        {
            var newcomer = $"admin{round}@example.com";
            var added = await cli.RunAsync("users", "add", newcomer, "--role", "Admin");
            Assert.True(added.ExitCode == 0, added.ToString());

            // Holding the database's write lock while both start lines them up: each gets as far as it can without
            // writing, then both go on the moment the lock is released, as two admins clicking at once would.
            Task<AppProcessResult> first, second;
            await using (await SqliteWriteLock.HoldAsync(cli.ConnectionString))
            {
                first = cli.RunAsync("users", "deactivate", remaining);
                second = cli.RunAsync("users", "deactivate", newcomer);
                await Task.Delay(TimeSpan.FromSeconds(6), TestContext.Current.CancellationToken);
            }

            var results = await Task.WhenAll(first, second);

            Assert.True(results.Count(r => r.ExitCode == 0) == 1, $"Round {round}:\n{string.Join("\n---\n", results.Select(r => r.ToString()))}");
            Assert.Contains(AccountService.LastActiveAdminError, Assert.Single(results, r => r.ExitCode != 0).Error, StringComparison.Ordinal);
            var listed = await cli.RunAsync("users", "list");
            var admins = System.Text.RegularExpressions.Regex.Matches(listed.Output, @"(?m)^(\S+)\s+Admin\s+active\b");
            remaining = Assert.Single(admins).Groups[1].Value;
        }
    }

    public void Dispose() => cli.Dispose();
}
