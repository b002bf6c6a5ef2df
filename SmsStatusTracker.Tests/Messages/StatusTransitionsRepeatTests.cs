using SmsStatusTracker.Core.Messages;
using static SmsStatusTracker.Tests.Infrastructure.TestMessages;

namespace SmsStatusTracker.Tests.Messages;

/// <summary><see cref="StatusTransitions.Record"/>: a report already recorded is not recorded again.</summary>
public sealed class StatusTransitionsRepeatTests
{
    [Fact]
    public void ACallbackIdenticalToARecordedOneChangesNothingAndReturnsTheSameMessage()
    {
        var sent = Record(New(), Callback("queued", 1), Callback("sent", 2, token: "t-sent"));

        var again = StatusTransitions.Record(sent, Callback("sent", 9, token: "t-sent"));

        Assert.Same(sent, again);
    }

    [Fact]
    public void ReplayingOneCallbackAHundredTimesLeavesOneHistoryEntry()
    {
        var callback = Callback("delivered", 5, token: "t-delivered");
        var message = Record(New(), Callback("sent", 1));

        for (var i = 0; i < 100; i++)
        {
            message = StatusTransitions.Record(message, callback with { ReceivedAt = callback.ReceivedAt.AddSeconds(i) });
        }

        Assert.Single(message.History, e => e.RawStatus == "delivered");
        Assert.Equal(2, message.History.Count);
        Assert.Equal(2, message.Version);
    }

    [Fact]
    public void AReplayedBodyWithAnotherIdempotencyTokenIsStillARepeat()
    {
        // The token is a header outside the signature: a replayer can change it freely.
        var delivered = Record(New(), Callback("sent", 1), Callback("delivered", 2, token: "genuine"));

        var replayed = StatusTransitions.Record(delivered, Callback("delivered", 3, token: "forged-" + Guid.NewGuid()));

        Assert.Same(delivered, replayed);
    }

    [Fact]
    public void TheSameStatusWithAnotherErrorCodeIsRecordedAsADuplicate()
    {
        var undelivered = Record(New(), Callback("sent", 1), Callback("undelivered", 2, errorCode: 30003));

        var message = StatusTransitions.Record(undelivered, Callback("undelivered", 3, errorCode: 30005));

        Assert.Equal(undelivered.History.Count + 1, message.History.Count);
        Assert.Equal(StatusEventOutcome.Duplicate, message.History[^1].Outcome);
        Assert.Equal(30003, message.ErrorCode);
    }

    [Fact]
    public void TheSameStatusFromAnotherSourceIsRecordedAsADuplicate()
    {
        var delivered = Record(New(), Callback("sent", 1), Callback("delivered", 2));
        var poll = new StatusEvent { RawStatus = "delivered", Source = StatusEventSource.Poll, ReceivedAt = BaseTime.AddSeconds(30) };

        var message = StatusTransitions.Record(delivered, poll);

        Assert.Equal(StatusEventOutcome.Duplicate, message.History[^1].Outcome);
        Assert.Equal(StatusEventSource.Poll, message.History[^1].Source);
    }

    [Fact]
    public void TheSameTokenOnADifferentStatusIsNotARepeatButADuplicate()
    {
        var sent = Record(New(), Callback("sent", 2, token: "callback-7"));

        var message = StatusTransitions.Record(sent, Callback("delivered", 3, token: "callback-7"));

        Assert.Equal(StatusEventOutcome.Duplicate, message.History[^1].Outcome);
        Assert.Equal(MessageStatus.Sent, message.Status);
    }

    [Fact]
    public void AnUnrecognizedStatusRetriedIsARepeat()
    {
        var first = Record(New(), Callback("sent", 1), Callback("exploded", 2, token: "retry-me"));

        Assert.Same(first, StatusTransitions.Record(first, Callback("exploded", 3, token: "retry-me")));
        Assert.Same(first, StatusTransitions.Record(first, Callback("exploded", 4, token: "other")));
    }

    private static Message Record(Message message, params IEnumerable<StatusEvent> observations) =>
        observations.Aggregate(message, (m, o) => StatusTransitions.Record(m, o));
}
