using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;
using static SmsStatusTracker.Tests.Infrastructure.TestMessages;
using static SmsStatusTracker.Tests.Storage.MessageStoreTestData;

namespace SmsStatusTracker.Tests.Storage;

public abstract partial class MessageStoreContract
{
    private static async Task<Message[]> AddAllAsync(IMessageStore store, params Message[] messages)
    {
        foreach (var message in messages)
        {
            await store.AddAsync(message, Ct);
        }

        return messages;
    }

    private static IEnumerable<Message> NewestFirst(IEnumerable<Message> messages) =>
        messages.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id.ToString("N"), StringComparer.Ordinal);

    [Fact]
    public async Task ListWithoutFiltersReturnsEveryMessageNewestFirst()
    {
        var store = await CreateStoreAsync();
        var messages = await AddAllAsync(store, Stored(3), Stored(1), Stored(5), Stored(2), Stored(4));

        var page = await store.ListAsync(new MessageQuery(), Ct);

        AssertSameMessages(NewestFirst(messages), page.Items);
        Assert.Equal(messages.Length, page.Total);
        AssertSameMessage(messages[2], page.Items[0]);
    }

    [Fact]
    public async Task ListOrdersMessagesCreatedAtTheSameMomentByIdDescending()
    {
        var store = await CreateStoreAsync();
        var ids = new[] { "3f000000-0000-0000-0000-000000000000", "c0000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-0000000000ff", "3f000000-0000-0000-0000-000000000001" };
        var messages = await AddAllAsync(store, ids.Select((id, n) => Stored(n, createdAt: T0) with { Id = Guid.Parse(id) }).ToArray());

        var page = await store.ListAsync(new MessageQuery(), Ct);

        AssertSameMessages(NewestFirst(messages), page.Items);
        Assert.Equal(Guid.Parse("c0000000-0000-0000-0000-000000000000"), page.Items[0].Id);
    }

    [Fact]
    public async Task ListPagesThroughMessagesAndReportsTheTotalOnEveryPage()
    {
        var store = await CreateStoreAsync();
        var messages = await AddAllAsync(store, Enumerable.Range(1, 7).Select(n => Stored(n)).ToArray());
        var expected = NewestFirst(messages).ToArray();

        var first = await store.ListAsync(new MessageQuery { Page = 1, PageSize = 3 }, Ct);
        var second = await store.ListAsync(new MessageQuery { Page = 2, PageSize = 3 }, Ct);
        var last = await store.ListAsync(new MessageQuery { Page = 3, PageSize = 3 }, Ct);
        var beyond = await store.ListAsync(new MessageQuery { Page = 4, PageSize = 3 }, Ct);
        var zeroth = await store.ListAsync(new MessageQuery { Page = 0, PageSize = 3 }, Ct);

        AssertSameMessages(expected[..3], first.Items);
        AssertSameMessages(expected[3..6], second.Items);
        AssertSameMessages(expected[6..], last.Items);
        Assert.Empty(beyond.Items);
        AssertSameMessages(expected[..3], zeroth.Items);
        Assert.All(new[] { first, second, last, beyond, zeroth }, page => Assert.Equal(7, page.Total));
        Assert.Equal((3, 3), (last.Page, last.PageSize));
        Assert.Equal(1, zeroth.Page);
    }

    [Fact]
    public async Task ListFiltersByAnyOfTheGivenStatuses()
    {
        var store = await CreateStoreAsync();
        var messages = await AddAllAsync(
            store,
            Stored(1, status: MessageStatus.Delivered),
            Stored(2, status: MessageStatus.Sent),
            Stored(3, status: MessageStatus.PartiallyDelivered),
            Stored(4, status: MessageStatus.Failed),
            Stored(5, status: MessageStatus.Delivered));
        MessageStatus[] wanted = [MessageStatus.Delivered, MessageStatus.PartiallyDelivered];

        var page = await store.ListAsync(new MessageQuery { Statuses = wanted }, Ct);

        AssertSameMessages(NewestFirst(messages.Where(m => wanted.Contains(m.Status))), page.Items);
        Assert.Equal(3, page.Total);
    }

    [Fact]
    public async Task ListFiltersByRecipient()
    {
        var store = await CreateStoreAsync();
        var messages = await AddAllAsync(store, Stored(1, to: "+15551230001"), Stored(2, to: "+15551230002"), Stored(3, to: "+15551230001"));

        var page = await store.ListAsync(new MessageQuery { To = " +15551230001 " }, Ct);

        AssertSameMessages(NewestFirst(messages.Where(m => m.To == "+15551230001")), page.Items);
        Assert.Equal(2, page.Total);
    }

    [Fact]
    public async Task ListFiltersBySender()
    {
        var store = await CreateStoreAsync();
        var messages = await AddAllAsync(store, Stored(1, from: "MG_a"), Stored(2, from: "+15550009999"), Stored(3, from: "MG_a"));

        var page = await store.ListAsync(new MessageQuery { From = "+15550009999" }, Ct);

        AssertSameMessages(messages.Where(m => m.From == "+15550009999"), page.Items);
        Assert.Equal(1, page.Total);
    }

    [Fact]
    public async Task ListFiltersByErrorCode()
    {
        var store = await CreateStoreAsync();
        var messages = await AddAllAsync(store, Stored(1, errorCode: 30003), Stored(2, errorCode: 30007), Stored(3), Stored(4, errorCode: 30003));

        var page = await store.ListAsync(new MessageQuery { ErrorCode = 30003 }, Ct);

        AssertSameMessages(NewestFirst(messages.Where(m => m.ErrorCode == 30003)), page.Items);
        Assert.Equal(2, page.Total);
    }

    [Fact]
    public async Task ListSinceIncludesMessagesCreatedAtThatMomentAndUntilExcludesThem()
    {
        var store = await CreateStoreAsync();
        var messages = await AddAllAsync(store, Enumerable.Range(1, 6).Select(n => Stored(n)).ToArray());
        var since = messages[1].CreatedAt;
        var until = messages[4].CreatedAt;

        var fromSince = await store.ListAsync(new MessageQuery { Since = since }, Ct);
        var beforeUntil = await store.ListAsync(new MessageQuery { Until = until }, Ct);
        var between = await store.ListAsync(new MessageQuery { Since = since, Until = until }, Ct);

        AssertSameMessages(NewestFirst(messages.Where(m => m.CreatedAt >= since)), fromSince.Items);
        AssertSameMessages(NewestFirst(messages.Where(m => m.CreatedAt < until)), beforeUntil.Items);
        AssertSameMessages(NewestFirst(messages[1..4]), between.Items);
        Assert.Equal((5, 4, 3), (fromSince.Total, beforeUntil.Total, between.Total));
    }

    [Fact]
    public async Task ListCombinesFiltersWithAnd()
    {
        var store = await CreateStoreAsync();
        var messages = await AddAllAsync(
            store,
            Stored(1, to: "+15551230001", status: MessageStatus.Failed, errorCode: 30003),
            Stored(2, to: "+15551230001", status: MessageStatus.Delivered),
            Stored(3, to: "+15551230002", status: MessageStatus.Failed, errorCode: 30003),
            Stored(4, to: "+15551230001", status: MessageStatus.Failed, errorCode: 30005));

        var page = await store.ListAsync(
            new MessageQuery { To = "+15551230001", Statuses = [MessageStatus.Failed], ErrorCode = 30003 }, Ct);

        AssertSameMessages([messages[0]], page.Items);
        Assert.Equal(1, page.Total);
    }

    [Fact]
    public async Task SearchMatchesSidRecipientOrBodyIgnoringCase()
    {
        var store = await CreateStoreAsync();
        var bySid = Stored(1, sid: "SMabcdef0123", body: "first");
        var byTo = Stored(2, to: "+4420ABCDEF", body: "second");
        var byBody = Stored(3, body: "Your code is aBcDeF");
        var fromOnly = Stored(4, from: "abcdef-sender", body: "fourth");
        var none = Stored(5, body: "abc def");
        var messages = await AddAllAsync(store, bySid, byTo, byBody, fromOnly, none);

        var page = await store.ListAsync(new MessageQuery { Search = "  AbCdEf " }, Ct);

        AssertSameMessages(NewestFirst([bySid, byTo, byBody]), page.Items);
        Assert.Equal(3, page.Total);
        Assert.Equal(messages.Length, (await store.ListAsync(new MessageQuery { Search = "   " }, Ct)).Total);
    }

    [Theory]
    [InlineData("%", "50% off today")]
    [InlineData("_", "snake_case")]
    [InlineData(".", "version 1.2")]
    [InlineData("(", "(call me)")]
    [InlineData("\\", @"C:\temp")]
    [InlineData("*", "rated 5*")]
    public async Task SearchTreatsPatternCharactersLiterally(string search, string matchingBody)
    {
        var store = await CreateStoreAsync();
        string[] bodies = ["50% off today", "snake_case", "version 1.2", "(call me)", @"C:\temp", "rated 5*", "plain snakeXcase version 12 call me Ctemp"];
        var messages = await AddAllAsync(store, bodies.Select((body, n) => Stored(n, body: body)).ToArray());

        var page = await store.ListAsync(new MessageQuery { Search = search }, Ct);

        AssertSameMessages(messages.Where(m => m.Body == matchingBody), page.Items);
        Assert.Equal(1, page.Total);
    }

    // The same with searches long enough for the trigram index (the ones above are too short and take the scan).
    [Theory]
    [InlineData("50%", "50% off today")]
    [InlineData("e_c", "snake_case")]
    [InlineData("1.2", "version 1.2")]
    [InlineData("(ca", "(call me)")]
    [InlineData(":\\t", @"C:\temp")]
    [InlineData("d 5*", "rated 5*")]
    public async Task TrigramSearchTreatsPatternCharactersLiterally(string search, string matchingBody)
    {
        var store = await CreateStoreAsync();
        string[] bodies = ["50% off today", "snake_case", "version 1.2", "(call me)", @"C:\temp", "rated 5*", "plain 50 off snakeXcase version 1x2 call me C:Xtemp rated 5x"];
        var messages = await AddAllAsync(store, bodies.Select((body, n) => Stored(n, body: body)).ToArray());

        var page = await store.ListAsync(new MessageQuery { Search = search }, Ct);

        AssertSameMessages(messages.Where(m => m.Body == matchingBody), page.Items);
        Assert.Equal(1, page.Total);
    }

    [Fact]
    public async Task FindUnsettledReturnsMessagesNotFinalAndUpdatedBeforeTheCutoffOldestFirst()
    {
        var store = await CreateStoreAsync();
        var cutoff = T0.AddHours(1);
        var stale = Stored(1, status: MessageStatus.Sent) with { UpdatedAt = cutoff.AddMinutes(-5) };
        var staler = Stored(2, status: MessageStatus.Queued) with { UpdatedAt = cutoff.AddMinutes(-30) };
        var stalest = Stored(3, status: MessageStatus.OutcomeUnknown) with { UpdatedAt = cutoff.AddMinutes(-50) };
        var atCutoff = Stored(4, status: MessageStatus.Sent) with { UpdatedAt = cutoff };
        var recent = Stored(5, status: MessageStatus.Sending) with { UpdatedAt = cutoff.AddMilliseconds(1) };
        var finalOld = Stored(6, status: MessageStatus.Delivered) with { UpdatedAt = cutoff.AddMinutes(-40) };
        var undeliveredOld = Stored(7, status: MessageStatus.Undelivered) with { UpdatedAt = cutoff.AddMinutes(-45) };
        await AddAllAsync(store, stale, staler, stalest, atCutoff, recent, finalOld, undeliveredOld);

        var unsettled = await store.FindUnsettledAsync(cutoff, 10, Ct);

        AssertSameMessages([stalest, staler, stale], unsettled);
        AssertSameMessage(stalest, unsettled[0]);
    }

    [Fact]
    public async Task FindUnsettledReturnsAtMostTheLimitTakingTheOldest()
    {
        var store = await CreateStoreAsync();
        var messages = await AddAllAsync(store, Enumerable.Range(1, 5)
            .Select(n => Stored(n, status: MessageStatus.Sent) with { UpdatedAt = T0.AddMinutes(-n) })
            .ToArray());

        var unsettled = await store.FindUnsettledAsync(T0, 2, Ct);

        AssertSameMessages(messages.OrderBy(m => m.UpdatedAt).Take(2), unsettled);
    }

    [Fact]
    public async Task FindUnsettledSeesAMessageSettleThroughAnUpdate()
    {
        var store = await CreateStoreAsync();
        var message = Stored(1, sid: "SM_settles", status: MessageStatus.Sent) with { UpdatedAt = T0 };
        await store.AddAsync(message, Ct);
        Assert.Single(await store.FindUnsettledAsync(T0.AddHours(1), 10, Ct));

        await store.UpdateAsync(message.Id, m => StatusTransitions.Apply(m, Observation("delivered", 5)), Ct);

        Assert.Empty(await store.FindUnsettledAsync(T0.AddHours(1), 10, Ct));
    }
}
