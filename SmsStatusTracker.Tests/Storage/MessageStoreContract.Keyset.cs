using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;
using static SmsStatusTracker.Tests.Infrastructure.TestMessages;
using static SmsStatusTracker.Tests.Storage.MessageStoreTestData;

namespace SmsStatusTracker.Tests.Storage;

// Keyset paging, capped counts and the trigram search's edges: what keeps the log fast at a million messages.
public abstract partial class MessageStoreContract
{
    private static readonly Guid[] TiedIds =
    [
        Guid.Parse("3f000000-0000-0000-0000-000000000000"), Guid.Parse("c0000000-0000-0000-0000-000000000000"),
        Guid.Parse("00000000-0000-0000-0000-0000000000ff"),
    ];

    // Eight messages, three of them created at the same millisecond (ties are broken by id).
    private static Message[] KeysetMessages() =>
    [
        .. Enumerable.Range(1, 5).Select(n => Stored(n, status: n % 2 == 0 ? MessageStatus.Failed : MessageStatus.Delivered)),
        .. TiedIds.Select((id, n) => Stored(10 + n, createdAt: T0.AddMinutes(3), status: MessageStatus.Delivered, id: id)),
    ];

    [Fact]
    public async Task OlderCursorsWalkTheWholeLogWithoutGapsOrRepeatsAndNewerCursorsWalkBack()
    {
        var store = await CreateStoreAsync();
        var expected = NewestFirst(await AddAllAsync(store, KeysetMessages())).ToArray();

        var first = await store.ListAsync(new MessageQuery { PageSize = 3 }, Ct);
        var second = await store.ListAsync(new MessageQuery { PageSize = 3, Before = first.Older }, Ct);
        var third = await store.ListAsync(new MessageQuery { PageSize = 3, Before = second.Older }, Ct);
        var backToSecond = await store.ListAsync(new MessageQuery { PageSize = 3, After = third.Newer }, Ct);
        var backToFirst = await store.ListAsync(new MessageQuery { PageSize = 3, After = backToSecond.Newer }, Ct);

        AssertSameMessages(expected[..3], first.Items);
        AssertSameMessages(expected[3..6], second.Items);
        AssertSameMessages(expected[6..], third.Items);
        AssertSameMessages(expected[3..6], backToSecond.Items);
        AssertSameMessages(expected[..3], backToFirst.Items);
        Assert.Null(first.Newer);
        Assert.Null(third.Older);
        Assert.Null(backToFirst.Newer);
        Assert.NotNull(backToFirst.Older);
        Assert.Equal((1, 0, 0), (first.Page, second.Page, backToSecond.Page));
        Assert.All(new[] { first, second, third, backToSecond }, page => Assert.Equal((8, true), (page.Total, page.TotalIsExact)));
    }

    [Fact]
    public async Task CursorsKeepEveryFilterIncludingSeveralStatusesAndSearch()
    {
        var store = await CreateStoreAsync();
        var messages = await AddAllAsync(store, KeysetMessages());
        var cursor = MessageCursor.Of(messages[6]); // one of the tied three
        MessageStatus[] statuses = [MessageStatus.Delivered, MessageStatus.Failed];

        var older = await store.ListAsync(new MessageQuery { Statuses = statuses, Before = cursor }, Ct);
        var newer = await store.ListAsync(new MessageQuery { Statuses = statuses, After = cursor }, Ct);
        var searchedOlder = await store.ListAsync(new MessageQuery { Search = "Message", Before = cursor, PageSize = 2 }, Ct);

        var all = NewestFirst(messages).ToList();
        var at = all.FindIndex(m => m.Id == messages[6].Id);
        AssertSameMessages(all[(at + 1)..], older.Items);
        AssertSameMessages(all[..at], newer.Items);
        AssertSameMessages(all[(at + 1)..(at + 3)], searchedOlder.Items);
        Assert.NotNull(searchedOlder.Older);
    }

    [Fact]
    public async Task CursorsSurviveTheirTextForm()
    {
        var message = Stored(1, createdAt: T0);
        var cursor = MessageCursor.Of(message);

        Assert.True(MessageCursor.TryParse(cursor.ToString(), out var parsed));
        Assert.Equal(cursor, parsed);
        Assert.False(MessageCursor.TryParse("12-not-a-guid", out _));
        Assert.False(MessageCursor.TryParse("-" + message.Id.ToString("N"), out _));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task CountsStopAtTheLimitAndSaySoUnlessAskedToCountExactly()
    {
        var store = await CreateStoreAsync();
        await AddAllAsync(store, KeysetMessages());

        var capped = await store.ListAsync(new MessageQuery { CountLimit = 5, PageSize = 2 }, Ct);
        var cappedSearch = await store.ListAsync(new MessageQuery { CountLimit = 5, Search = "Message", PageSize = 2 }, Ct);
        var cappedFiltered = await store.ListAsync(new MessageQuery { CountLimit = 5, Statuses = [MessageStatus.Delivered, MessageStatus.Failed], PageSize = 2 }, Ct);
        var underLimit = await store.ListAsync(new MessageQuery { CountLimit = 5, Statuses = [MessageStatus.Failed] }, Ct);
        var exact = await store.ListAsync(new MessageQuery { CountLimit = 5, ExactCount = true, PageSize = 2 }, Ct);
        var pageKnowsMore = await store.ListAsync(new MessageQuery { CountLimit = 5, Search = "Message" }, Ct);
        var exactSearch = await store.ListAsync(new MessageQuery { CountLimit = 5, ExactCount = true, Search = "Message", Statuses = [MessageStatus.Delivered] }, Ct);

        Assert.Equal((5L, false), (capped.Total, capped.TotalIsExact));
        Assert.False(cappedSearch.TotalIsExact); // a common search is not counted: "at least" what the page proves
        Assert.InRange(cappedSearch.Total, 3, 5);
        Assert.Equal((5L, false), (cappedFiltered.Total, cappedFiltered.TotalIsExact));
        Assert.Equal((2L, true), (underLimit.Total, underLimit.TotalIsExact));
        Assert.Equal((8L, true), (exact.Total, exact.TotalIsExact));
        Assert.Equal((6L, true), (exactSearch.Total, exactSearch.TotalIsExact));
        Assert.Equal((8L, true), (pageKnowsMore.Total, pageKnowsMore.TotalIsExact)); // a first page holding every match is its own count
    }

    [Fact]
    public async Task OffsetPagingStopsAtTheDeepestPageItServes()
    {
        var store = await CreateStoreAsync();
        var deepest = MessageQuery.MaxPageFor(25);

        var last = await store.ListAsync(new MessageQuery { Page = deepest }, Ct);

        Assert.Empty(last.Items);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListAsync(new MessageQuery { Page = deepest + 1 }, Ct));
    }

    [Fact]
    public async Task SearchFindsASidGivenAfterTheMessageWasStoredAndForgetsTheOldOne()
    {
        var store = await CreateStoreAsync();
        var message = Stored(1, sid: "SMoldoldold111", body: "hello there");
        await store.AddAsync(message, Ct);

        await store.UpdateAsync(message.Id, m => m with { Sid = "SMnewnewnew222" }, Ct);

        AssertSameMessages([message], (await store.ListAsync(new MessageQuery { Search = "newnew" }, Ct)).Items);
        Assert.Empty((await store.ListAsync(new MessageQuery { Search = "oldold" }, Ct)).Items);
    }

    [Theory]
    [InlineData("say \"hi\"")]
    [InlineData("a OR b")]
    [InlineData("NEAR(x y)")]
    [InlineData("col:umn")]
    [InlineData("ÉCOLE")]
    public async Task SearchTreatsSearchSyntaxLiterallyAndFoldsCase(string search)
    {
        var store = await CreateStoreAsync();
        string[] bodies = ["they say \"hi\" twice", "a or b", "near(x y) please", "col:umn", "l'école est ouverte", "say hi a b near x y column ecole"];
        var messages = await AddAllAsync(store, bodies.Select((body, n) => Stored(n, body: body)).ToArray());
        var query = new MessageQuery { Search = search };

        var page = await store.ListAsync(query, Ct);

        var expected = messages.Where(query.Matches).ToArray();
        Assert.Single(expected);
        AssertSameMessages(expected, page.Items);
    }
}
