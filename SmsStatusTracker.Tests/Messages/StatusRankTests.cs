using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Tests.Messages;

public sealed class StatusRankTests
{
    public static TheoryData<MessageStatus> AllStatuses() => new(Enum.GetValues<MessageStatus>());

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void OnlyTwiliosTerminalStatusesAreFinal(MessageStatus status)
    {
        var terminal = status is MessageStatus.Delivered or MessageStatus.Undelivered or MessageStatus.Failed
            or MessageStatus.Canceled or MessageStatus.Received or MessageStatus.Read;

        Assert.Equal(terminal, StatusRank.IsFinal(status));
    }

    [Fact]
    public void AnOutboundMessagesLifecycleRanksStrictlyUpward()
    {
        MessageStatus[] lifecycle =
        [
            MessageStatus.Created,
            MessageStatus.Accepted,
            MessageStatus.Scheduled,
            MessageStatus.Queued,
            MessageStatus.Sending,
            MessageStatus.Sent,
            MessageStatus.PartiallyDelivered,
            MessageStatus.Delivered,
            MessageStatus.Read,
        ];

        var ranks = lifecycle.Select(StatusRank.Of).ToArray();

        Assert.Equal(ranks.Order(), ranks);
        Assert.Equal(ranks.Length, ranks.Distinct().Count());
    }

    [Theory]
    [InlineData(MessageStatus.Undelivered)]
    [InlineData(MessageStatus.Failed)]
    [InlineData(MessageStatus.Canceled)]
    [InlineData(MessageStatus.Received)]
    public void EveryOtherFinalStatusRanksAboveSentAndPartiallyDelivered(MessageStatus final)
    {
        Assert.True(StatusRank.Of(final) > StatusRank.Of(MessageStatus.Sent));
        Assert.True(StatusRank.Of(final) > StatusRank.Of(MessageStatus.PartiallyDelivered));
    }

    [Fact]
    public void TheTwoLocalStatusesRankBelowEveryTwilioStatus()
    {
        foreach (var twilio in MessageStatusNames.TwilioStatuses)
        {
            Assert.True(StatusRank.Of(twilio) > StatusRank.Of(MessageStatus.Created), $"{twilio} should outrank created");
            Assert.True(StatusRank.Of(twilio) > StatusRank.Of(MessageStatus.OutcomeUnknown), $"{twilio} should outrank outcome_unknown");
        }
    }

    [Fact]
    public void AnUndefinedStatusValueIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StatusRank.Of((MessageStatus)99));
    }
}
