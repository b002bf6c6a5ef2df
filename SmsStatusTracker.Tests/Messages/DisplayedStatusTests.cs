using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Tests.Infrastructure;
using SmsStatusTracker.Web.Endpoints.Messages;

namespace SmsStatusTracker.Tests.Messages;

public sealed class DisplayedStatusTests
{
    private static Message GaveUpWhile(MessageStatus status) =>
        TestMessages.InStatus(status) with { ReconciliationGaveUpAt = TestMessages.BaseTime.AddDays(3) };

    [Theory]
    [InlineData(MessageStatus.Sent)]
    [InlineData(MessageStatus.Queued)]
    [InlineData(MessageStatus.OutcomeUnknown)]
    public void AMessageReconciliationGaveUpOnReadsAsUnresolvedNotItsLastLiveStatus(MessageStatus last)
    {
        var message = GaveUpWhile(last);

        Assert.Equal(DisplayedStatus.Unresolved, DisplayedStatus.WireName(message));
        Assert.Equal("unresolved", DisplayedStatus.Label(message));
        Assert.Equal("unresolved", MessageResponse.Of(message).Status);
    }

    [Fact]
    public void AFinalStatusThatArrivedAfterGivingUpWins()
    {
        var message = GaveUpWhile(MessageStatus.Delivered);

        Assert.Equal("delivered", DisplayedStatus.WireName(message));
        Assert.Equal("delivered", MessageResponse.Of(message).Status);
    }

    [Theory]
    [InlineData(MessageStatus.Sent, "sent")]
    [InlineData(MessageStatus.OutcomeUnknown, "outcome_unknown")]
    [InlineData(MessageStatus.PartiallyDelivered, "partially_delivered")]
    public void OtherMessagesReadAsTheirStatus(MessageStatus status, string wire)
    {
        var message = TestMessages.InStatus(status);

        Assert.Equal(wire, DisplayedStatus.WireName(message));
        Assert.Equal(wire.Replace('_', ' '), DisplayedStatus.Label(message));
        Assert.Equal(wire, MessageResponse.Of(message).Status);
    }
}
