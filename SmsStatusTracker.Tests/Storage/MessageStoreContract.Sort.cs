using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;
using static SmsStatusTracker.Tests.Infrastructure.TestMessages;
using static SmsStatusTracker.Tests.Storage.MessageStoreTestData;

namespace SmsStatusTracker.Tests.Storage;

// The log read oldest first: the same rows as newest first, reversed, with cursors that walk forwards and back.
public abstract partial class MessageStoreContract
{
    [Fact]
    public async Task OldestFirstListsEveryMessageInCreatedOrderWithTiesById()
    {
        var store = await CreateStoreAsync();
        var expected = NewestFirst(await AddAllAsync(store, KeysetMessages())).Reverse().ToArray();

        var oldest = await store.ListAsync(new MessageQuery { Sort = MessageSort.OldestFirst }, Ct);
        var newest = await store.ListAsync(new MessageQuery(), Ct);

        AssertSameMessages(expected, oldest.Items);
        AssertSameMessages(expected.Reverse(), newest.Items);
    }

    [Fact]
    public async Task OldestFirstCursorsWalkTheWholeLogForwardsAndBackWithoutGapsOrRepeats()
    {
        var store = await CreateStoreAsync();
        var expected = NewestFirst(await AddAllAsync(store, KeysetMessages())).Reverse().ToArray();
        var query = new MessageQuery { PageSize = 3, Sort = MessageSort.OldestFirst };

        var first = await store.ListAsync(query, Ct);
        var second = await store.ListAsync(query with { Before = first.Older }, Ct);
        var third = await store.ListAsync(query with { Before = second.Older }, Ct);
        var backToSecond = await store.ListAsync(query with { After = third.Newer }, Ct);
        var backToFirst = await store.ListAsync(query with { After = backToSecond.Newer }, Ct);

        AssertSameMessages(expected[..3], first.Items);
        AssertSameMessages(expected[3..6], second.Items);
        AssertSameMessages(expected[6..], third.Items);
        AssertSameMessages(expected[3..6], backToSecond.Items);
        AssertSameMessages(expected[..3], backToFirst.Items);
        Assert.Null(first.Newer);
        Assert.Null(third.Older);
        Assert.Null(backToFirst.Newer);
    }

    [Fact]
    public async Task OldestFirstKeepsFiltersOffsetPagesAndSeveralStatuses()
    {
        var store = await CreateStoreAsync();
        var messages = await AddAllAsync(store, KeysetMessages());
        MessageStatus[] statuses = [MessageStatus.Delivered, MessageStatus.Failed];

        var failed = await store.ListAsync(new MessageQuery { Sort = MessageSort.OldestFirst, Statuses = [MessageStatus.Failed] }, Ct);
        var both = await store.ListAsync(new MessageQuery { Sort = MessageSort.OldestFirst, Statuses = statuses, PageSize = 2, Page = 2 }, Ct);
        var searched = await store.ListAsync(new MessageQuery { Sort = MessageSort.OldestFirst, Search = "Message", PageSize = 2 }, Ct);

        var oldestFirst = NewestFirst(messages).Reverse().ToArray();
        AssertSameMessages(oldestFirst.Where(m => m.Status == MessageStatus.Failed), failed.Items);
        AssertSameMessages(oldestFirst[2..4], both.Items);
        AssertSameMessages(oldestFirst[..2], searched.Items);
    }
}
