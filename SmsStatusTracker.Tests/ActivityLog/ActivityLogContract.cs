using SmsStatusTracker.Core.ActivityLog;

namespace SmsStatusTracker.Tests.ActivityLog;

/// <summary>
/// What every <see cref="IActivityLog"/> adapter must do: entries read back as written, newest first; filters
/// agree with <see cref="ActivityQuery.Matches"/>; keyset pages follow one another with no gap or repeat, even
/// across entries in one millisecond; retention deletes only what is older, in batches.
/// </summary>
public abstract class ActivityLogContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A log over the test's fresh database; skips when the engine is missing.</summary>
    protected abstract Task<IActivityLog> OpenAsync();

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public abstract ValueTask DisposeAsync();

    protected static ActivityEntry Entry(DateTimeOffset at, string actor = "ada@example.com", ActivityKind kind = ActivityKind.Send, string target = "t", string? detail = null) =>
        new(Guid.CreateVersion7(at), at, actor, kind, target, detail);

    private static async Task<List<ActivityEntry>> AllPagesAsync(IActivityLog log, ActivityQuery query)
    {
        var all = new List<ActivityEntry>();
        for (var pages = 0; ; pages++)
        {
            Assert.True(pages < 1000, "paging did not end");
            var page = await log.QueryAsync(query, Ct);
            Assert.True(page.Entries.Count <= query.Limit);
            all.AddRange(page.Entries);
            if (page.Next is null)
            {
                return all;
            }

            query = query with { After = page.Next };
        }
    }

    private static List<Guid> NewestFirst(IEnumerable<ActivityEntry> entries) =>
        entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id.ToString("N"), StringComparer.Ordinal).Select(e => e.Id).ToList();

    [Fact]
    public async Task AnEmptyLogReadsAsOneEmptyLastPage()
    {
        var log = await OpenAsync();

        var page = await log.QueryAsync(new ActivityQuery(), Ct);

        Assert.Empty(page.Entries);
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task EntriesReadBackWithEveryFieldNewestFirst()
    {
        var log = await OpenAsync();
        var older = Entry(T0, "ada@example.com (API key \"deploy\")", ActivityKind.ApiKeyCreated, "deploy", "key 123");
        var newer = Entry(T0.AddSeconds(1), "bob@example.com", ActivityKind.SignIn, "bob@example.com");
        await log.RecordAsync(older, Ct);
        await log.RecordAsync(newer, Ct);

        var page = await log.QueryAsync(new ActivityQuery(), Ct);

        Assert.Equal([newer, older], page.Entries);
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task PagesFollowOneAnotherWithoutGapOrRepeatAcrossEntriesInOneMillisecond()
    {
        var log = await OpenAsync();
        var written = new List<ActivityEntry>();
        for (var i = 0; i < 23; i++)
        {
            // Three entries share each millisecond: the id orders them.
            var entry = Entry(T0.AddMilliseconds(i / 3), target: $"m{i}");
            written.Add(entry);
            await log.RecordAsync(entry, Ct);
        }

        var first = await log.QueryAsync(new ActivityQuery { PageSize = 5 }, Ct);
        var read = await AllPagesAsync(log, new ActivityQuery { PageSize = 5 });

        Assert.Equal(5, first.Entries.Count);
        Assert.NotNull(first.Next);
        Assert.Equal(NewestFirst(written), read.Select(e => e.Id).ToList());
    }

    [Fact]
    public async Task APageExactlyFullOfTheLastEntriesSaysThereIsNoNextPage()
    {
        var log = await OpenAsync();
        for (var i = 0; i < 4; i++)
        {
            await log.RecordAsync(Entry(T0.AddSeconds(i)), Ct);
        }

        var page = await log.QueryAsync(new ActivityQuery { PageSize = 4 }, Ct);

        Assert.Equal(4, page.Entries.Count);
        Assert.Null(page.Next);
    }

    public static TheoryData<string> Filters => new() { "kind", "actor", "actor literal", "window", "all combined" };

    private static ActivityQuery FilterFor(string name) => name switch
    {
        "kind" => new ActivityQuery { Kind = ActivityKind.Invite },
        "actor" => new ActivityQuery { Actor = "  ADA@ " },
        // Characters that mean something to LIKE and to a regex are matched as themselves.
        "actor literal" => new ActivityQuery { Actor = "a.b%_" },
        "window" => new ActivityQuery { Since = T0.AddMinutes(10), Before = T0.AddMinutes(30) },
        _ => new ActivityQuery { Kind = ActivityKind.RoleChange, Actor = "bob", Since = T0.AddMinutes(5), Before = T0.AddMinutes(50) },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task EachFilterReturnsExactlyTheMatchingEntriesAcrossPages(string filter)
    {
        var log = await OpenAsync();
        string[] actors = ["ada@example.com", "bob@example.com", "Ada@Example.com (API key \"ci\")", "a.b%_@example.com", "axb%_@example.com", "abb__@example.com"];
        var written = new List<ActivityEntry>();
        for (var i = 0; i < 60; i++)
        {
            var entry = Entry(T0.AddMinutes(i), actors[i % actors.Length], ActivityKinds.All[i % ActivityKinds.All.Count], $"target {i}");
            written.Add(entry);
            await log.RecordAsync(entry, Ct);
        }

        var query = FilterFor(filter) with { PageSize = 4 };
        var read = await AllPagesAsync(log, query);

        var expected = NewestFirst(written.Where(query.Matches));
        Assert.NotEmpty(expected);
        Assert.True(expected.Count < written.Count, "the filter must leave some entries out");
        Assert.Equal(expected, read.Select(e => e.Id).ToList());
    }

    [Fact]
    public async Task TheWindowIncludesItsStartAndExcludesItsEnd()
    {
        var log = await OpenAsync();
        var atStart = Entry(T0);
        var atEnd = Entry(T0.AddMinutes(1));
        await log.RecordAsync(atStart, Ct);
        await log.RecordAsync(atEnd, Ct);

        var page = await log.QueryAsync(new ActivityQuery { Since = T0, Before = T0.AddMinutes(1) }, Ct);

        Assert.Equal([atStart], page.Entries);
    }

    [Fact]
    public async Task RetentionDeletesOnlyOlderEntriesAtMostABatchAtATime()
    {
        var log = await OpenAsync();
        for (var i = 0; i < 5; i++)
        {
            await log.RecordAsync(Entry(T0.AddMinutes(i)), Ct);
        }

        Assert.Equal(2, await log.DeleteOlderThanAsync(T0.AddMinutes(3), 2, Ct));
        Assert.Equal(1, await log.DeleteOlderThanAsync(T0.AddMinutes(3), 2, Ct));
        Assert.Equal(0, await log.DeleteOlderThanAsync(T0.AddMinutes(3), 2, Ct));

        var left = await log.QueryAsync(new ActivityQuery(), Ct);
        Assert.Equal([T0.AddMinutes(4), T0.AddMinutes(3)], left.Entries.Select(e => e.At));
    }
}
