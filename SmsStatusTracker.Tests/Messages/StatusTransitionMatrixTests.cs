using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.Messages;

/// <summary>Every (current, next) pair of statuses, applied as a fresh callback.</summary>
public sealed class StatusTransitionMatrixTests
{
    // Twilio's documented terminal statuses, written out here rather than taken from StatusRank.
    private static readonly HashSet<MessageStatus> FinalStatuses =
    [
        MessageStatus.Delivered,
        MessageStatus.Undelivered,
        MessageStatus.Failed,
        MessageStatus.Canceled,
        MessageStatus.Received,
        MessageStatus.Read,
    ];

    public static TheoryData<MessageStatus, MessageStatus> AllPairs() => Pairs(_ => true);

    public static TheoryData<MessageStatus, MessageStatus> PairsFromFinal() => Pairs(FinalStatuses.Contains);

    public static TheoryData<MessageStatus, MessageStatus> PairsFromNonFinal() => Pairs(status => !FinalStatuses.Contains(status));

    [Fact]
    public void TheMatrixCoversAllFifteenStatusesAndEachHasAWireName()
    {
        var statuses = Enum.GetValues<MessageStatus>();

        Assert.Equal(15, statuses.Length);
        Assert.Equal(15, statuses.Select(status => status.ToWireName()).Distinct().Count());
        Assert.Equal(15 * 15, AllPairs().Count);
    }

    [Theory]
    [MemberData(nameof(PairsFromFinal))]
    public void AFinalStatusNeverChangesExceptDeliveredToRead(MessageStatus current, MessageStatus next)
    {
        var message = TestMessages.InStatus(current);

        var result = StatusTransitions.Apply(message, TestMessages.Callback(next.ToWireName(), 10));

        var deliveredThenRead = current == MessageStatus.Delivered && next == MessageStatus.Read;
        var expectedOutcome = deliveredThenRead ? StatusEventOutcome.Applied
            : next == current ? StatusEventOutcome.Duplicate
            : StatusEventOutcome.Late;
        Assert.Equal(deliveredThenRead ? MessageStatus.Read : current, result.Status);
        Assert.Equal(expectedOutcome, result.History[^1].Outcome);
        Assert.Equal(next.ToWireName(), result.History[^1].RawStatus);
    }

    [Theory]
    [MemberData(nameof(PairsFromNonFinal))]
    public void ANonFinalStatusMovesExactlyWhenTheNextStatusRanksHigher(MessageStatus current, MessageStatus next)
    {
        var message = TestMessages.InStatus(current);

        var result = StatusTransitions.Apply(message, TestMessages.Callback(next.ToWireName(), 10));

        var forward = StatusRank.Of(next) > StatusRank.Of(current);
        var expectedOutcome = forward ? StatusEventOutcome.Applied
            : next == current ? StatusEventOutcome.Duplicate
            : StatusEventOutcome.Late;
        Assert.Equal(forward ? next : current, result.Status);
        Assert.Equal(expectedOutcome, result.History[^1].Outcome);
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void ApplyingAnyStatusNeverLowersTheRankAndAddsExactlyOneHistoryEntry(MessageStatus current, MessageStatus next)
    {
        var message = TestMessages.InStatus(current);
        var observation = TestMessages.Callback(next.ToWireName(), 10);

        var result = StatusTransitions.Apply(message, observation);

        Assert.True(StatusRank.Of(result.Status) >= StatusRank.Of(current), $"{current} -> {next} ended in {result.Status}");
        Assert.Contains(result.Status, new[] { current, next });
        Assert.Equal(message.History.Count + 1, result.History.Count);
        Assert.Equal(message.History, result.History.Take(message.History.Count));
        Assert.Equal(observation with { Outcome = result.History[^1].Outcome }, result.History[^1]);
        Assert.Equal(message.Version + 1, result.Version);
        Assert.Equal(observation.ReceivedAt, result.UpdatedAt);
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void StatusRankAllowsAMoveOnlyForwardAndOutOfAFinalStatusOnlyFromDeliveredToRead(MessageStatus current, MessageStatus next)
    {
        var allowed = StatusRank.CanMove(current, next);

        if (FinalStatuses.Contains(current))
        {
            Assert.Equal(current == MessageStatus.Delivered && next == MessageStatus.Read, allowed);
        }
        else if (allowed)
        {
            Assert.True(StatusRank.Of(next) > StatusRank.Of(current), $"{current} -> {next} allowed without a higher rank");
        }
        else
        {
            Assert.True(StatusRank.Of(next) <= StatusRank.Of(current), $"{current} -> {next} refused although it ranks higher");
        }
    }

    private static TheoryData<MessageStatus, MessageStatus> Pairs(Func<MessageStatus, bool> currentFilter)
    {
        var data = new TheoryData<MessageStatus, MessageStatus>();
        foreach (var current in Enum.GetValues<MessageStatus>().Where(currentFilter))
        {
            foreach (var next in Enum.GetValues<MessageStatus>())
            {
                data.Add(current, next);
            }
        }

        return data;
    }
}
