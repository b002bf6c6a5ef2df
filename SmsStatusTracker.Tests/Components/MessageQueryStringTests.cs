using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Web.Components.Messages;

namespace SmsStatusTracker.Tests.Components;

public sealed class MessageQueryStringTests
{
    [Fact]
    public void EveryFilterIsReadFromTheQueryString()
    {
        var query = MessageQueryString.Parse("?status=delivered,failed&to=%2B14155550123&from=MG123&error=30003&since=2025-03-01&until=2025-03-14&q=code%201234&page=2&size=50");

        Assert.Equal([MessageStatus.Failed, MessageStatus.Delivered], query.Statuses);
        Assert.Equal("+14155550123", query.To);
        Assert.Equal("MG123", query.From);
        Assert.Equal(30003, query.ErrorCode);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero), query.Since);
        Assert.Equal(new DateTimeOffset(2025, 3, 15, 0, 0, 0, TimeSpan.Zero), query.Until);
        Assert.Equal("code 1234", query.Search);
        Assert.Equal(2, query.Page);
        Assert.Equal(50, query.PageSize);
    }

    [Fact]
    public void EmptyQueryStringIsTheFirstPageWithNoFilters()
    {
        var query = MessageQueryString.Parse("");

        Assert.Empty(query.Statuses);
        Assert.Null(query.To);
        Assert.Null(query.Since);
        Assert.Equal(1, query.Page);
        Assert.Equal(MessageQueryString.DefaultPageSize, query.PageSize);
        Assert.False(MessageQueryString.HasFilters(query));
        Assert.Equal("", MessageQueryString.Format(query));
    }

    [Theory]
    [InlineData("?status=nonsense,sent", "?status=sent")]
    [InlineData("?error=abc", "")]
    [InlineData("?page=0", "")]
    [InlineData("?page=-3", "")]
    [InlineData("?size=100000", "")]
    [InlineData("?since=yesterday", "")]
    [InlineData("?to=%20%20", "")]
    [InlineData("?status=SENT&status=failed", "?status=sent,failed")]
    [InlineData("?unknown=1&q=xyz", "?q=xyz")]
    public void UnreadableValuesAreIgnoredInsteadOfFailingThePage(string input, string canonical)
    {
        Assert.Equal(canonical, MessageQueryString.Format(MessageQueryString.Parse(input)));
    }

    [Fact]
    public void StatusesAreWrittenInOneOrderSoTheSameViewHasOneLink()
    {
        var query = MessageQueryString.Parse("?status=delivered,failed,delivered");

        Assert.Equal("?status=failed,delivered", MessageQueryString.Format(query));
    }

    [Fact]
    public void FormatWritesAShortReadableShareableLink()
    {
        var query = new MessageQuery
        {
            Statuses = [MessageStatus.Failed, MessageStatus.Delivered],
            To = "+14155550123",
            Search = "a&b=c",
            Page = 2,
        };

        Assert.Equal("?status=failed,delivered&to=%2B14155550123&q=a%26b%3Dc&page=2", MessageQueryString.Format(query));
    }

    [Theory]
    [InlineData("?status=failed,delivered&to=%2B14155550123&q=hello%20world&page=2")]
    [InlineData("?from=MG123&error=21610&since=2025-03-01&until=2025-03-01")]
    [InlineData("?since=2025-03-01T10:30:00Z&until=2025-03-02T08:00:00.5Z&size=100")]
    [InlineData("?status=outcome_unknown,partially_delivered")]
    public void CanonicalLinksSurviveTheRoundTrip(string queryString)
    {
        Assert.Equal(queryString, MessageQueryString.Format(MessageQueryString.Parse(queryString)));
    }

    [Fact]
    public void PlusSignTypedIntoTheLinkStaysAPlusSign()
    {
        Assert.Equal("+14155550123", MessageQueryString.Parse("?to=+14155550123").To);
    }

    [Fact]
    public void UntilDayIsIncludedWholeSoTheStoresHalfOpenRangeEndsAtTheNextMidnight()
    {
        var query = MessageQueryString.Parse("?until=2025-03-14");

        Assert.Equal(new DateTimeOffset(2025, 3, 15, 0, 0, 0, TimeSpan.Zero), query.Until);
        Assert.Equal((null, new DateOnly(2025, 3, 14)), MessageQueryString.ToDays(query.Since, query.Until));
    }

    [Fact]
    public void ExactInstantsWithAnOffsetAreReadAsTheSameInstant()
    {
        var query = MessageQueryString.Parse("?since=2025-03-01T12:00:00%2B02:00");

        Assert.Equal(new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero), query.Since);
        Assert.Equal("?since=2025-03-01T10:00:00Z", MessageQueryString.Format(query));
    }

    [Fact]
    public void CursorsTravelInTheLinkInsteadOfAPageNumber()
    {
        var cursor = new MessageCursor(1741944413589, Guid.Parse("c0000000-0000-0000-0000-000000000001"));

        var link = MessageQueryString.Format(new MessageQuery { Statuses = [MessageStatus.Failed], Before = cursor, Page = 3 });
        var back = MessageQueryString.Parse(link);

        Assert.Equal("?status=failed&before=1741944413589-c0000000000000000000000000000001", link);
        Assert.Equal(cursor, back.Before);
        Assert.Null(back.After);
        Assert.Equal(cursor, MessageQueryString.Parse("?after=1741944413589-c0000000000000000000000000000001").After);
        Assert.Null(MessageQueryString.Parse("?before=garbage").Before);
    }

    [Theory]
    [InlineData("?q=ab", "")]
    [InlineData("?q=abc", "?q=abc")]
    [InlineData("?page=99999", "?page=401")]
    [InlineData("?page=99999&size=200", "?page=51&size=200")]
    public void SearchesTooShortForTheIndexAndPagesPastTheDeepestAreNotServed(string input, string canonical) =>
        Assert.Equal(canonical, MessageQueryString.Format(MessageQueryString.Parse(input)));
}
