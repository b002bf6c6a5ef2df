using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.StatusCallbacks;
using static SmsStatusTracker.Tests.Infrastructure.TestMessages;

namespace SmsStatusTracker.Tests.Messages;

/// <summary><see cref="StatusHistory"/>: a message's history stays bounded and says what it folded.</summary>
public sealed class StatusTransitionsHistoryBoundTests
{
    private static readonly StatusEvent Created = new() { RawStatus = "created", Source = StatusEventSource.Local, ReceivedAt = BaseTime };

    [Fact]
    public void HistoryStaysAtTheLimitKeepsTheFirstAndNewestEntriesAndCountsTheFolded()
    {
        var message = New() with { History = [Created] };
        var distinct = Enumerable.Range(1, 300).Select(i => Callback("sent", i, errorCode: 30000 + i)).ToArray();

        var recorded = distinct.Aggregate(message, (m, o) => StatusTransitions.Record(m, o, historyLimit: 50));

        Assert.Equal(50, recorded.History.Count);
        Assert.Equal(301 - 50, recorded.FoldedHistoryCount);
        Assert.Same(Created, recorded.History[0]);
        // The entry that set the status (sent, the first callback) is kept, then the newest ones in order.
        Assert.Equal(30001, recorded.History[1].ErrorCode);
        Assert.Equal(Enumerable.Range(30300 - 47, 48).Cast<int?>(), recorded.History.Skip(2).Select(e => e.ErrorCode));
        Assert.Equal(300, recorded.Version);
    }

    [Fact]
    public void TheEntryThatSetTheFinalStatusIsNeverFoldedAway()
    {
        var delivered = new[] { Callback("queued", 1), Callback("sent", 2), Callback("delivered", 3) }
            .Aggregate(New() with { History = [Created] }, (m, o) => StatusTransitions.Record(m, o, 5));
        var noise = Enumerable.Range(10, 40).Select(i => Callback("carrier_noise", i, errorCode: i));

        var message = noise.Aggregate(delivered, (m, o) => StatusTransitions.Record(m, o, 5));

        Assert.Equal(MessageStatus.Delivered, message.Status);
        Assert.Equal(5, message.History.Count);
        Assert.Single(message.History, e => e.RawStatus == "delivered" && e.Outcome == StatusEventOutcome.Applied);
        Assert.Equal(["created", "delivered", "carrier_noise", "carrier_noise", "carrier_noise"], message.History.Select(e => e.RawStatus));
        Assert.Equal(4 + 40 - 5, message.FoldedHistoryCount);
    }

    [Fact]
    public void AHistoryWithinTheLimitIsLeftAsItIs()
    {
        var message = New() with { History = [Created, Callback("sent", 1)] };

        Assert.Same(message, StatusHistory.Fold(message, 2));
        Assert.Same(message, StatusHistory.Fold(message, 50));
    }

    [Fact]
    public void ALimitBelowTheMinimumStillKeepsTheFirstTheCurrentAndTheNewestEntry()
    {
        var message = Enumerable.Range(1, 10).Select(i => Callback("carrier_noise", i, errorCode: i))
            .Aggregate(StatusTransitions.Apply(New() with { History = [Created] }, Callback("sent", 0)), StatusTransitions.Apply);

        var folded = StatusHistory.Fold(message, 1);

        Assert.Equal(["created", "sent", "carrier_noise"], folded.History.Select(e => e.RawStatus));
        Assert.Equal(10, folded.History[^1].ErrorCode);
        Assert.Equal(9, folded.FoldedHistoryCount);
    }

    [Theory]
    [InlineData(2, "StatusCallbacks:HistoryLimit")]
    [InlineData(10_001, "StatusCallbacks:HistoryLimit")]
    public void AnOutOfRangeHistoryLimitIsRefusedNamingTheKey(int limit, string key)
    {
        var result = new StatusCallbackOptionsValidator().Validate(null, new StatusCallbackOptions { HistoryLimit = limit });

        Assert.StartsWith(key + " ", Assert.Single(result.Failures!));
    }

    [Fact]
    public void ANonPositiveParkedAgeOrPurgeIntervalIsRefusedNamingTheKey()
    {
        var result = new StatusCallbackOptionsValidator().Validate(null, new StatusCallbackOptions { ParkedMaxAge = TimeSpan.Zero, ParkedPurgeInterval = TimeSpan.FromSeconds(-1) });

        Assert.Equal(["StatusCallbacks:ParkedMaxAge", "StatusCallbacks:ParkedPurgeInterval"], result.Failures!.Select(f => f.Split(' ')[0]));
        Assert.True(new StatusCallbackOptionsValidator().Validate(null, new StatusCallbackOptions()).Succeeded);
    }
}
