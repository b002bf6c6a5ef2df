using SmsStatusTracker.Core.Messages;
using static SmsStatusTracker.Tests.Infrastructure.TestMessages;

namespace SmsStatusTracker.Tests.Messages;

public sealed class StatusTransitionsTests
{
    public static TheoryData<MessageStatus, MessageStatus> LocalToTwilioPairs()
    {
        var data = new TheoryData<MessageStatus, MessageStatus>();
        foreach (var local in new[] { MessageStatus.Created, MessageStatus.OutcomeUnknown })
        {
            foreach (var twilio in MessageStatusNames.TwilioStatuses)
            {
                data.Add(local, twilio);
            }
        }

        return data;
    }

    [Fact]
    public void QueuedThenSentThenDeliveredIsAppliedStepByStep()
    {
        var message = ApplyAll(New(), Callback("queued", 1), Callback("sent", 2), Callback("delivered", 3));

        Assert.Equal(MessageStatus.Delivered, message.Status);
        Assert.All(message.History, e => Assert.Equal(StatusEventOutcome.Applied, e.Outcome));
        Assert.Equal(["queued", "sent", "delivered"], message.History.Select(e => e.RawStatus));
        Assert.Equal(BaseTime.AddSeconds(2), message.SentAt);
        Assert.Equal(BaseTime.AddSeconds(3), message.DeliveredAt);
        Assert.Equal(BaseTime.AddSeconds(3), message.UpdatedAt);
        Assert.Null(message.ErrorCode);
        Assert.Equal(3, message.Version);
    }

    [Fact]
    public void CallbackForFinalStatusIsNotOverwrittenByLateSent()
    {
        var delivered = ApplyAll(New(), Callback("queued", 1), Callback("delivered", 5));

        var message = StatusTransitions.Apply(delivered, Callback("sent", 9));

        Assert.Equal(MessageStatus.Delivered, message.Status);
        Assert.Equal(StatusEventOutcome.Late, message.History[^1].Outcome);
        Assert.Equal(BaseTime.AddSeconds(9), message.SentAt);
        Assert.Equal(BaseTime.AddSeconds(5), message.DeliveredAt);
    }

    [Fact]
    public void UndeliveredErrorCodeSurvivesALateStatusWithoutOne()
    {
        var undelivered = ApplyAll(New(), Callback("queued", 1), Callback("undelivered", 5, errorCode: 30003));

        var message = ApplyAll(undelivered, Callback("sent", 6), Callback("delivered", 7));

        Assert.Equal(MessageStatus.Undelivered, message.Status);
        Assert.Equal(30003, message.ErrorCode);
        Assert.Equal("Twilio error 30003", message.ErrorMessage);
        Assert.Equal([StatusEventOutcome.Late, StatusEventOutcome.Late], message.History.TakeLast(2).Select(e => e.Outcome));
    }

    [Fact]
    public void AnErrorCodeOnceRecordedSurvivesALaterAppliedStatusWithoutOne()
    {
        // undelivered is final, so nothing can be applied after it; the rule is shown on a non-final status.
        var withError = ApplyAll(New(), Callback("queued", 1), Callback("sent", 2, errorCode: 30003));

        var message = StatusTransitions.Apply(withError, Callback("delivered", 3));

        Assert.Equal(StatusEventOutcome.Applied, message.History[^1].Outcome);
        Assert.Equal(MessageStatus.Delivered, message.Status);
        Assert.Equal(30003, message.ErrorCode);
        Assert.Equal("Twilio error 30003", message.ErrorMessage);
    }

    [Fact]
    public void ALaterAppliedStatusWithItsOwnErrorCodeReplacesTheEarlierOne()
    {
        var withError = ApplyAll(New(), Callback("queued", 1, errorCode: 30003));

        var message = StatusTransitions.Apply(withError, Callback("failed", 2, errorCode: 30008));

        Assert.Equal(MessageStatus.Failed, message.Status);
        Assert.Equal(30008, message.ErrorCode);
        Assert.Equal("Twilio error 30008", message.ErrorMessage);
    }

    [Fact]
    public void TheSameStatusTwiceIsADuplicateThatOnlyAddsToTheHistory()
    {
        var undelivered = ApplyAll(New(), Callback("sent", 1), Callback("undelivered", 2, errorCode: 30003));

        var message = StatusTransitions.Apply(undelivered, Callback("undelivered", 8, errorCode: 30005));

        Assert.Equal(StatusEventOutcome.Duplicate, message.History[^1].Outcome);
        AssertOnlyHistoryChanged(undelivered, message);
    }

    [Fact]
    public void ARepeatedSentIsADuplicateAndKeepsTheFirstSentAt()
    {
        var sent = ApplyAll(New(), Callback("queued", 1), Callback("sent", 2));

        var message = StatusTransitions.Apply(sent, Callback("sent", 7));

        Assert.Equal(StatusEventOutcome.Duplicate, message.History[^1].Outcome);
        Assert.Equal(BaseTime.AddSeconds(2), message.SentAt);
        AssertOnlyHistoryChanged(sent, message);
    }

    [Fact]
    public void TheSameIdempotencyTokenWithADifferentStatusIsADuplicate()
    {
        var sent = ApplyAll(New(), Callback("queued", 1), Callback("sent", 2, token: "callback-7"));

        var message = StatusTransitions.Apply(sent, Callback("delivered", 3, token: "callback-7"));

        Assert.Equal(StatusEventOutcome.Duplicate, message.History[^1].Outcome);
        Assert.Equal(MessageStatus.Sent, message.Status);
        Assert.Null(message.DeliveredAt);
        AssertOnlyHistoryChanged(sent, message);
    }

    [Fact]
    public void ADifferentTokenWithANewStatusIsNotADuplicate()
    {
        var sent = ApplyAll(New(), Callback("sent", 2, token: "callback-7"));

        var message = StatusTransitions.Apply(sent, Callback("delivered", 3, token: "callback-8"));

        Assert.Equal(StatusEventOutcome.Applied, message.History[^1].Outcome);
        Assert.Equal(MessageStatus.Delivered, message.Status);
    }

    [Fact]
    public void AnUnknownStatusIsUnrecognizedKeptRawAndChangesNoStatus()
    {
        var sent = ApplyAll(New(), Callback("queued", 1), Callback("sent", 2));

        var message = StatusTransitions.Apply(sent, Callback("exploded", 3, errorCode: 30099));

        var recorded = message.History[^1];
        Assert.Equal(StatusEventOutcome.Unrecognized, recorded.Outcome);
        Assert.Equal("exploded", recorded.RawStatus);
        Assert.Null(recorded.Status);
        Assert.Equal(30099, recorded.ErrorCode);
        AssertOnlyHistoryChanged(sent, message);
    }

    [Fact]
    public void ARetriedUnknownStatusWithTheSameTokenIsADuplicate()
    {
        var first = ApplyAll(New(), Callback("sent", 1), Callback("exploded", 2, token: "retry-me"));

        var retried = StatusTransitions.Apply(first, Callback("exploded", 3, token: "retry-me"));

        Assert.Equal(StatusEventOutcome.Unrecognized, first.History[^1].Outcome);
        Assert.Equal(StatusEventOutcome.Duplicate, retried.History[^1].Outcome);
        AssertOnlyHistoryChanged(first, retried);
    }

    [Fact]
    public void AnUnrecognizedStatusDoesNotBlockTheNextRealStatus()
    {
        var message = ApplyAll(New(), Callback("sent", 1), Callback("exploded", 2), Callback("delivered", 3));

        Assert.Equal(MessageStatus.Delivered, message.Status);
        Assert.Equal(StatusEventOutcome.Applied, message.History[^1].Outcome);
    }

    [Fact]
    public void AStatusNameParsesWhateverItsCase()
    {
        var message = ApplyAll(New(), Callback("QUEUED", 1), Callback("Sent", 2), Callback("Partially_Delivered", 3));

        Assert.Equal(MessageStatus.PartiallyDelivered, message.Status);
        Assert.All(message.History, e => Assert.Equal(StatusEventOutcome.Applied, e.Outcome));
        Assert.Equal("Partially_Delivered", message.History[^1].RawStatus);
        Assert.Equal(BaseTime.AddSeconds(2), message.SentAt);
    }

    [Theory]
    [MemberData(nameof(LocalToTwilioPairs))]
    public void ALocalStatusCanMoveToAnyTwilioStatus(MessageStatus local, MessageStatus twilio)
    {
        var message = StatusTransitions.Apply(InStatus(local), Callback(twilio.ToWireName(), 1));

        Assert.Equal(twilio, message.Status);
        Assert.Equal(StatusEventOutcome.Applied, message.History[^1].Outcome);
    }

    [Fact]
    public void AnObservationOlderThanTheLastUpdateDoesNotMoveUpdatedAtBack()
    {
        var delivered = ApplyAll(New(), Callback("delivered", 10));

        var message = StatusTransitions.Apply(delivered, Callback("sent", 4));

        Assert.Equal(BaseTime.AddSeconds(10), message.UpdatedAt);
        Assert.Equal(BaseTime.AddSeconds(4), message.SentAt);
    }

    private static void AssertOnlyHistoryChanged(Message before, Message after)
    {
        Assert.Equal(before.History.Count + 1, after.History.Count);
        Assert.Equal(before.Version + 1, after.Version);
        // History is compared by reference in record equality, so both sides get the same empty list.
        var noHistory = Array.Empty<StatusEvent>();
        Assert.Equal(
            before with { History = noHistory, UpdatedAt = default, Version = 0 },
            after with { History = noHistory, UpdatedAt = default, Version = 0 });
    }
}
