using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;
using static SmsStatusTracker.Tests.Infrastructure.TestMessages;
using static SmsStatusTracker.Tests.Storage.MessageStoreTestData;

namespace SmsStatusTracker.Tests.Storage;

public sealed class MessageQueryMatchesTests
{
    private static readonly Message Sample = Stored(1, sid: "SMabc123", status: MessageStatus.Failed, to: "+14155550123", body: "Your Code is 1234", errorCode: 21211);

    [Fact]
    public void NoFiltersMatchEverything() => Assert.True(new MessageQuery().Matches(Sample));

    [Theory]
    [InlineData("status")]
    [InlineData("to")]
    [InlineData("from")]
    [InlineData("error")]
    [InlineData("since")]
    [InlineData("until")]
    [InlineData("search")]
    public void EachFilterMatchesTheRightMessageAndRejectsAnother(string filter)
    {
        var (matching, other) = filter switch
        {
            "status" => (new MessageQuery { Statuses = [MessageStatus.Failed, MessageStatus.Undelivered] }, new MessageQuery { Statuses = [MessageStatus.Delivered] }),
            "to" => (new MessageQuery { To = " +14155550123 " }, new MessageQuery { To = "+14155550124" }),
            "from" => (new MessageQuery { From = "+15550001111" }, new MessageQuery { From = "MG1" }),
            "error" => (new MessageQuery { ErrorCode = 21211 }, new MessageQuery { ErrorCode = 30003 }),
            "since" => (new MessageQuery { Since = Sample.CreatedAt }, new MessageQuery { Since = Sample.CreatedAt.AddMilliseconds(1) }),
            "until" => (new MessageQuery { Until = Sample.CreatedAt.AddMilliseconds(1) }, new MessageQuery { Until = Sample.CreatedAt }),
            _ => (new MessageQuery { Search = "code IS" }, new MessageQuery { Search = "5678" }),
        };

        Assert.True(matching.Matches(Sample));
        Assert.False(other.Matches(Sample));
    }

    [Theory]
    [InlineData("smABC")]
    [InlineData("555012")]
    [InlineData("1234")]
    public void SearchLooksInSidRecipientAndBody(string search) =>
        Assert.True(new MessageQuery { Search = search }.Matches(Sample));

    [Fact]
    public void SearchIgnoresTheSender() =>
        Assert.False(new MessageQuery { Search = "0001111" }.Matches(Sample));
}
