using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>
/// Callbacks that arrive twice, out of order, before the send response, or while the store is down:
/// every message still ends in its true final status with every answered callback in its history.
/// </summary>
public sealed class CallbackChaosTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly (string To, MessageStatus Final)[] Recipients =
    [
        ("+15005550006", MessageStatus.Delivered),
        ("+15005553003", MessageStatus.Undelivered),
        ("+15005553008", MessageStatus.Failed),
        ("+14155550123", MessageStatus.Delivered),
    ];

    [Fact]
    public async Task DuplicatedAndReorderedCallbacksEndInTheTrueFinalStatusWithNothingLost()
    {
        using var app = new TrackerApp();
        app.Simulator.DuplicateRate = 0.5;
        app.Simulator.ShuffleOrder = true;
        app.Simulator.Seed = 20261129;

        var sent = new List<(Message Message, MessageStatus Expected)>();
        for (var i = 0; i < 12; i++)
        {
            var (to, final) = Recipients[i % Recipients.Length];
            sent.Add((await app.SendAsync(to, $"chaos {i}"), final));
        }

        foreach (var (message, expected) in sent)
        {
            var final = await app.WaitForAsync(message.Id, m => m.IsFinal && AllAnsweredCallbacksRecorded(app, m));
            Assert.Equal(expected, final.Status);
            Assert.Equal(expected.ToWireName(), final.History.Where(h => h.Outcome == StatusEventOutcome.Applied).Last().RawStatus);
        }

        // Duplicated callbacks were answered 200 but recorded once: repeats are not stored again.
        var answered = sent.Sum(s => app.Ledger.CallbackAttempts.Count(a => a.Sid == s.Message.Sid && a.HttpStatus == 200));
        var recorded = sent.Sum(s => app.Store.FindAsync(s.Message.Id, Ct).Result!.History.Count(h => h.Source == StatusEventSource.Callback));
        Assert.True(answered > recorded, "The chaos settings should have produced duplicate callbacks.");
    }

    [Fact]
    public async Task CallbacksThatBeatTheSendResponseAreMatchedByTheLocalIdAndNotLost()
    {
        using var app = new TrackerApp();
        app.Simulator.CallbacksBeforeResponse = true;

        var sent = await app.SendAsync("+15005550006");

        var final = await app.WaitForFinalAsync(sent.Id);
        Assert.Equal(MessageStatus.Delivered, final.Status);
        var sendResponse = Assert.Single(final.History, h => h.Source == StatusEventSource.SendResponse);
        Assert.Equal(StatusEventOutcome.Late, sendResponse.Outcome);
        Assert.Equal(3, final.History.Count(h => h.Source == StatusEventSource.Callback && h.Outcome == StatusEventOutcome.Applied));
        Assert.Equal(app.Ledger.Messages.Single().Sid, final.Sid);
    }

    [Fact]
    public async Task CallbacksRefusedWith503WhileTheStoreIsLockedAreRetriedAndEndCorrect()
    {
        using var app = new TrackerApp();
        app.Simulator.StepDelay = TimeSpan.FromMilliseconds(300);
        app.Simulator.RetryDelay = TimeSpan.FromMilliseconds(800);

        var sent = await app.SendAsync("+15005550006");
        await using (await SqliteWriteLock.HoldAsync($"Data Source={app.DatabasePath}"))
        {
            await WaitUntilAsync(() => app.Ledger.CallbackAttempts.Any(a => a.Sid == sent.Sid && a.HttpStatus == 503));
        }

        var final = await app.WaitForAsync(sent.Id, m => m.IsFinal && AllAnsweredCallbacksRecorded(app, m), TimeSpan.FromSeconds(20));
        Assert.Equal(MessageStatus.Delivered, final.Status);
        Assert.Equal(["sending", "sent", "delivered"], final.History.Where(h => h.Source == StatusEventSource.Callback).Select(h => h.RawStatus).Distinct());
        var refused = app.Ledger.CallbackAttempts.Where(a => a.Sid == sent.Sid && a.HttpStatus == 503).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, r => Assert.Contains(app.Ledger.CallbackAttempts, a => a.Sid == r.Sid && a.Status == r.Status && a.HttpStatus == 200 && a.Attempt > r.Attempt));
    }

    /// <summary>
    /// Every status the app answered 200 for this message is in its history once (nothing acknowledged was lost;
    /// a duplicated callback is the same report, recorded once).
    /// </summary>
    private static bool AllAnsweredCallbacksRecorded(TrackerApp app, Message message)
    {
        var answered = app.Ledger.CallbackAttempts.Where(a => a.Sid == message.Sid && a.HttpStatus == 200).Select(a => a.Status).Distinct().Count();
        return message.History.Count(h => h.Source == StatusEventSource.Callback) == answered;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for the condition.");
            await Task.Delay(20, Ct);
        }
    }
}
