using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Tests.Messages;

public sealed class MessageStatusNamesTests
{
    public static TheoryData<MessageStatus> AllStatuses() => new(Enum.GetValues<MessageStatus>());

    // Twilio's documented wire names, plus the two local statuses.
    [Theory]
    [InlineData("accepted", MessageStatus.Accepted)]
    [InlineData("scheduled", MessageStatus.Scheduled)]
    [InlineData("canceled", MessageStatus.Canceled)]
    [InlineData("queued", MessageStatus.Queued)]
    [InlineData("sending", MessageStatus.Sending)]
    [InlineData("sent", MessageStatus.Sent)]
    [InlineData("failed", MessageStatus.Failed)]
    [InlineData("delivered", MessageStatus.Delivered)]
    [InlineData("undelivered", MessageStatus.Undelivered)]
    [InlineData("receiving", MessageStatus.Receiving)]
    [InlineData("received", MessageStatus.Received)]
    [InlineData("read", MessageStatus.Read)]
    [InlineData("partially_delivered", MessageStatus.PartiallyDelivered)]
    [InlineData("created", MessageStatus.Created)]
    [InlineData("outcome_unknown", MessageStatus.OutcomeUnknown)]
    public void TwiliosWireNameParsesInAnyCaseAndIsWhatTheStatusWritesBack(string wireName, MessageStatus status)
    {
        foreach (var spelling in new[] { wireName, wireName.ToUpperInvariant(), char.ToUpperInvariant(wireName[0]) + wireName[1..], $" {wireName} " })
        {
            Assert.True(MessageStatusNames.TryParse(spelling, out var parsed), $"'{spelling}' did not parse");
            Assert.Equal(status, parsed);
        }

        Assert.Equal(wireName, status.ToWireName());
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void EveryStatusRoundTripsThroughItsWireName(MessageStatus status)
    {
        Assert.True(MessageStatusNames.TryParse(status.ToWireName(), out var parsed));
        Assert.Equal(status, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("exploded")]
    [InlineData("Delivered!")]
    [InlineData("partially delivered")]
    public void AnythingElseDoesNotParse(string? wireName)
    {
        Assert.False(MessageStatusNames.TryParse(wireName, out _));
    }

    [Fact]
    public void TwilioStatusesAreAllStatusesExceptTheTwoLocalOnes()
    {
        var expected = Enum.GetValues<MessageStatus>().Except([MessageStatus.Created, MessageStatus.OutcomeUnknown]);

        Assert.Equal(expected.Order(), MessageStatusNames.TwilioStatuses.Order());
        Assert.Equal(13, MessageStatusNames.TwilioStatuses.Count);
    }
}
