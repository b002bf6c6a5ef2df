using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Web.Components.Messages;
using SmsStatusTracker.Web.Endpoints.Messages;

namespace SmsStatusTracker.Tests.Components;

public sealed class MessageSortTests
{
    [Fact]
    public void OldestFirstIsInTheLogsQueryStringAndNewestFirstIsTheDefaultLeftOut()
    {
        var oldest = MessageQueryString.Parse("?status=failed&sort=oldest");

        Assert.Equal(MessageSort.OldestFirst, oldest.Sort);
        Assert.Equal("?status=failed&sort=oldest", MessageQueryString.Format(oldest));
        Assert.Equal("?status=failed", MessageQueryString.Format(oldest with { Sort = MessageSort.NewestFirst }));
        Assert.Equal(MessageSort.NewestFirst, MessageQueryString.Parse("?sort=sideways").Sort);
    }

    [Theory]
    [InlineData("oldest", MessageSort.OldestFirst)]
    [InlineData("newest", MessageSort.NewestFirst)]
    [InlineData("", MessageSort.NewestFirst)]
    public void TheApiReadsSort(string sort, MessageSort expected)
    {
        var (query, errors) = MessageListQuery.Parse(new QueryCollection(new Dictionary<string, StringValues> { ["sort"] = sort }));

        Assert.Empty(errors);
        Assert.Equal(expected, query!.Sort);
    }

    [Fact]
    public void TheApiRefusesAnUnknownSortNamingTheChoices()
    {
        var (query, errors) = MessageListQuery.Parse(new QueryCollection(new Dictionary<string, StringValues> { ["sort"] = "status" }));

        Assert.Null(query);
        Assert.Equal(["sort must be newest or oldest."], errors["sort"]);
    }

    [Theory]
    [InlineData(MessageSort.NewestFirst, false, false, true)]
    [InlineData(MessageSort.NewestFirst, true, false, true)]
    [InlineData(MessageSort.NewestFirst, false, true, false)]
    [InlineData(MessageSort.OldestFirst, false, false, false)]
    [InlineData(MessageSort.OldestFirst, true, false, false)]
    [InlineData(MessageSort.OldestFirst, false, true, true)]
    public void PagingBackWalksAgainstTheSort(MessageSort sort, bool before, bool after, bool descending)
    {
        var cursor = new MessageCursor(1, Guid.Empty);

        var query = new MessageQuery { Sort = sort, Before = before ? cursor : null, After = after ? cursor : null };

        Assert.Equal(descending, query.WalksDescending);
    }
}
