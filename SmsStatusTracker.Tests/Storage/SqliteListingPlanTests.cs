using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Storage.Sqlite;
using static SmsStatusTracker.Tests.Infrastructure.TestMessages;

namespace SmsStatusTracker.Tests.Storage;

/// <summary>
/// What keeps every filter fast at a million messages, checked where it is decided: the plan SQLite chose for each
/// statement a listing runs. No statement reads the messages table from end to end, and a page that should be an
/// index walk in (created_at, id) order is one (no sort of the matches before taking a page).
/// </summary>
public sealed partial class SqliteListingPlanTests : IAsyncLifetime
{
    private static readonly MessageCursor Cursor = new(T0.AddMinutes(2).ToUnixTimeMilliseconds(), Guid.Parse("c0000000-0000-0000-0000-000000000000"));

    private readonly string path = Path.Combine(Path.GetTempPath(), $"smsstatus-plans-{Guid.NewGuid():N}.db");
    private SqliteMessageStore store = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        store = Open(SqliteMessageStore.SearchWalkRows);
        await store.InitializeAsync(Ct);
        foreach (var n in Enumerable.Range(1, 6))
        {
            await store.AddAsync(Stored(n, status: n % 2 == 0 ? MessageStatus.Failed : MessageStatus.Delivered, errorCode: n % 2 == 0 ? 30007 : null, body: $"hello world {n}", sid: $"SM{n:D32}"), Ct);
        }
    }

    public static TheoryData<string, MessageQuery, string> IndexWalks => new()
    {
        { "default page", new MessageQuery(), "ix_messages_created_id" },
        { "deepest offset page", new MessageQuery { Page = MessageQuery.MaxPageFor(25) }, "ix_messages_created_id" },
        { "older than a cursor", new MessageQuery { Before = Cursor }, "ix_messages_created_id" },
        { "newer than a cursor", new MessageQuery { After = Cursor }, "ix_messages_created_id" },
        { "one status", new MessageQuery { Statuses = [MessageStatus.Delivered] }, "ix_messages_status_created_id" },
        { "one status, older than a cursor", new MessageQuery { Statuses = [MessageStatus.Delivered], Before = Cursor }, "ix_messages_status_created_id" },
        { "recipient", new MessageQuery { To = "+15551230001" }, "ix_messages_to_created_id" },
        { "sender", new MessageQuery { From = "+15550001111" }, "ix_messages_from_created_id" },
        { "error code", new MessageQuery { ErrorCode = 30007 }, "ix_messages_error_created_id" },
        { "date range", new MessageQuery { Since = T0, Until = T0.AddDays(7) }, "ix_messages_created_id" },
    };

    [Theory]
    [MemberData(nameof(IndexWalks))]
    public async Task EachFilterPageIsOneIndexWalkInPageOrder(string filter, MessageQuery query, string index)
    {
        var plans = await store.ExplainListAsync(query, Ct);

        var page = Plan(plans, "page");
        Assert.True(page.Contains(index, StringComparison.Ordinal), $"{filter}: expected {index} in\n{page}");
        Assert.DoesNotContain("TEMP B-TREE", page, StringComparison.Ordinal);
        AssertNoFullScan(filter, plans);
    }

    [Fact]
    public async Task SeveralStatusesMergeOneIndexWalkPerStatusInsteadOfSortingEveryMatch()
    {
        var plans = await store.ExplainListAsync(new MessageQuery { Statuses = [MessageStatus.Delivered, MessageStatus.Failed, MessageStatus.Undelivered] }, Ct);

        var page = Plan(plans, "page");
        Assert.Equal(3, Regex.Count(page, @"SEARCH m USING COVERING INDEX ix_messages_status_created_id \(status=\?\)"));
        Assert.Contains("MERGE", page, StringComparison.Ordinal);
        AssertNoFullScan("several statuses", plans);
    }

    [Fact]
    public async Task ASelectiveSearchStartsFromTheTrigramIndexAndReadsOnlyItsMatches()
    {
        var plans = await store.ExplainListAsync(new MessageQuery { Search = "world 3" }, Ct);

        var page = Plan(plans, "page (SearchIndex)");
        Assert.Matches(@"SCAN s VIRTUAL TABLE INDEX \d+:M", page);
        Assert.Contains("SEARCH m USING INTEGER PRIMARY KEY (rowid=?)", page, StringComparison.Ordinal);
        AssertNoFullScan("selective search", plans);
    }

    [Fact]
    public async Task ACommonSearchWalksTheCreatedOrderCheckingEachRowUntilThePageIsFull()
    {
        await using var commonIsTwo = Open(2);

        var plans = await commonIsTwo.ExplainListAsync(new MessageQuery { Search = "hello", Statuses = [MessageStatus.Delivered] }, Ct);

        var page = Plan(plans, "page (SearchWalk)");
        Assert.Contains("ix_messages_status_created_id", page, StringComparison.Ordinal);
        Assert.Contains("SEARCH v USING INTEGER PRIMARY KEY (rowid=?)", page, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", page, StringComparison.Ordinal);
        AssertNoFullScan("common search", plans);
    }

    [Fact]
    public async Task ASearchWithOtherFiltersCountsAmongTheTrigramMatches()
    {
        await using var walkOfOne = Open(1);

        var plans = await walkOfOne.ExplainListAsync(new MessageQuery { Search = "hello", Statuses = [MessageStatus.Delivered], PageSize = 1 }, Ct);

        Assert.Matches(@"VIRTUAL TABLE INDEX \d+:M", Plan(plans, "count"));
        AssertNoFullScan("search and recipient", plans);
    }

    [Fact]
    public async Task ExistingDatabasesGetTheNewIndexesAndASearchTableFilledWithTheirMessages()
    {
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            // A database as the previous version left it: the old listing indexes, no search table.
            command.CommandText = """
                DROP TABLE messages_search;
                DROP TRIGGER messages_search_insert;
                CREATE INDEX ix_messages_created ON messages (created_at DESC);
                CREATE INDEX ix_messages_to ON messages (to_number, created_at DESC);
                """;
            await command.ExecuteNonQueryAsync(Ct);
        }

        await store.InitializeAsync(Ct);

        Assert.Equal(["world 4"], (await store.ListAsync(new MessageQuery { Search = "world 4" }, Ct)).Items.Select(m => m.Body[6..]));
        await using var check = new SqliteConnection($"Data Source={path}");
        await check.OpenAsync(Ct);
        await using var indexes = check.CreateCommand();
        indexes.CommandText = "SELECT group_concat(name) FROM (SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_messages_%' ORDER BY name)";
        Assert.Equal(
            "ix_messages_created_id,ix_messages_error_created_id,ix_messages_from_created_id,ix_messages_resent_from,ix_messages_status_created_id,ix_messages_to_created_id,ix_messages_unsettled_open",
            await indexes.ExecuteScalarAsync(Ct));
    }

    public async ValueTask DisposeAsync()
    {
        await store.DisposeAsync();
        using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            SqliteConnection.ClearPool(connection);
        }

        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }

    private SqliteMessageStore Open(int searchWalkLimit) =>
        new(new SqliteStoreOptions($"Data Source={path}")) { SearchWalkLimit = searchWalkLimit };

    private static string Plan(IReadOnlyList<string> plans, string label) =>
        Assert.Single(plans, p => p.StartsWith($"-- {label}", StringComparison.Ordinal));

    // "SCAN m" or "SCAN messages" with no index: every row of the table read.
    private static void AssertNoFullScan(string filter, IReadOnlyList<string> plans)
    {
        foreach (var plan in plans)
        {
            Assert.False(FullScan().IsMatch(plan), $"{filter}: a full scan of messages in\n{plan}");
        }
    }

    [GeneratedRegex(@"^\s*SCAN (m|messages)\s*$", RegexOptions.Multiline)]
    private static partial Regex FullScan();
}
