using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Web.Simulator;

namespace SmsStatusTracker.Tests.Simulator;

/// <summary>The simulator's memory is bounded: old settled messages make room, messages still in flight never vanish.</summary>
public sealed class SimulatedTwilioLedgerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TheDefaultBoundIsTenThousandMessages()
    {
        Assert.Equal(10_000, new SimulatorSettings().MaxMessages);
    }

    [Fact]
    public void AFullLedgerEvictsTheOldestSettledMessage()
    {
        var ledger = new SimulatedTwilioLedger(new SimulatorSettings { MaxMessages = 3 });
        var first = Add(ledger, "SM1");
        Add(ledger, "SM2");
        Add(ledger, "SM3");
        ledger.Advance(first.Sid, new SimulatedStep(MessageStatus.Delivered), Now);
        ledger.Advance("SM3", new SimulatedStep(MessageStatus.Failed, 30008), Now);

        Assert.True(ledger.TryAdd(Message("SM4")));

        Assert.Equal(["SM2", "SM3", "SM4"], ledger.Messages.Select(m => m.Sid).Order());
        Assert.Null(ledger.Find("SM1"));
    }

    [Fact]
    public void AFullLedgerOfMessagesInFlightRefusesNewOnesInsteadOfForgettingOne()
    {
        var ledger = new SimulatedTwilioLedger(new SimulatorSettings { MaxMessages = 2 });
        Add(ledger, "SM1");
        Add(ledger, "SM2");

        Assert.False(ledger.TryAdd(Message("SM3")));

        Assert.Equal(["SM1", "SM2"], ledger.Messages.Select(m => m.Sid).Order());
    }

    [Fact]
    public void ManySendsNeverGrowTheLedgerPastItsBound()
    {
        var ledger = new SimulatedTwilioLedger(new SimulatorSettings { MaxMessages = 50 });
        for (var i = 0; i < 500; i++)
        {
            var message = Add(ledger, $"SM{i}");
            ledger.Advance(message.Sid, new SimulatedStep(MessageStatus.Delivered), Now);
            ledger.RecordAttempt(new CallbackAttempt(message.Sid, "delivered", 1, 200, Now));
        }

        Assert.Equal(50, ledger.Messages.Count);
        Assert.NotNull(ledger.Find("SM499"));
        Assert.True(ledger.CallbackAttempts.Count <= SimulatedTwilioLedger.AttemptsPerMessage * 50);
    }

    private static SimulatedMessage Add(SimulatedTwilioLedger ledger, string sid)
    {
        var message = Message(sid);
        Assert.True(ledger.TryAdd(message));
        return message;
    }

    private static SimulatedMessage Message(string sid) => new()
    {
        Sid = sid,
        AccountSid = "AC00000000000000000000000000000000",
        To = "+15005550006",
        Body = "hello",
        Segments = 1,
        CreatedAt = Now,
        UpdatedAt = Now,
    };
}
