using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Web.Simulator;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>
/// The whole app with reconciliation on short timings: callbacks dropped or sends failing, every message
/// still ends in the status the simulated Twilio's ledger says is true, and no message is created twice.
/// </summary>
public sealed class ReconciliationFunctionalTests
{
    private static Dictionary<string, string?> FastReconciliation(string neverCreatedAfter = "00:00:02") => new()
    {
        ["Reconciliation:MinAge"] = "00:00:00.300",
        ["Reconciliation:Interval"] = "00:00:00.200",
        ["Reconciliation:MaxPerMinute"] = "6000",
        ["Reconciliation:AssumeNeverCreatedAfter"] = neverCreatedAfter,
        ["Reconciliation:GiveUpAfter"] = "00:01:00",
        ["Twilio:RequestTimeout"] = "00:00:01",
    };

    [Fact]
    public async Task WithEveryCallbackDroppedEveryMessageStillEndsInItsTrueFinalStatusByPolling()
    {
        using var app = new TrackerApp(FastReconciliation());
        app.Simulator.DropRate = 1;
        var recipients = new[] { "+15005550006", "+15005553003", "+15005553008", "+14155550123", "+15005553007" };

        var sent = new List<Message>();
        foreach (var to in recipients)
        {
            sent.Add(await app.SendAsync(to, $"dropped callbacks for {to}"));
        }

        foreach (var message in sent)
        {
            var final = await app.WaitForAsync(message.Id, m => m.IsFinal && app.Ledger.Find(m.Sid!)?.Status == m.Status, TimeSpan.FromSeconds(20));
            var truth = app.Ledger.Find(final.Sid!)!;
            Assert.Equal(truth.Status, final.Status);
            Assert.Equal(truth.ErrorCode, final.ErrorCode);
            Assert.DoesNotContain(final.History, h => h.Source == StatusEventSource.Callback);
            Assert.Equal(StatusEventSource.Poll, final.History.Last(h => h.Outcome == StatusEventOutcome.Applied).Source);
        }

        Assert.Empty(app.Ledger.CallbackAttempts);
    }

    [Theory]
    [InlineData(SimulatedApiFailure.ServerErrorAfterCreate)]
    [InlineData(SimulatedApiFailure.Timeout)]
    public async Task SendThatReachedTwilioButGotNoAnswerIsUnknownThenSettledWithoutADuplicate(SimulatedApiFailure failure)
    {
        using var app = new TrackerApp(FastReconciliation(neverCreatedAfter: "00:00:30"));
        app.Simulator.DropRate = 1;
        app.Simulator.ApiFailure = failure;

        var result = await app.SendAsync("+15005550006", $"reached Twilio, no answer ({failure})");

        Assert.Equal(MessageStatus.OutcomeUnknown, result.Status);
        Assert.Null(result.Sid);
        Assert.Contains("may or may not have been sent", result.History[^1].ErrorMessage);
        var atTwilio = Assert.Single(app.Ledger.Messages);
        app.Simulator.ApiFailure = SimulatedApiFailure.None;

        var final = await app.WaitForAsync(result.Id, m => m.Status == MessageStatus.Delivered, TimeSpan.FromSeconds(20));
        Assert.Equal(atTwilio.Sid, final.Sid);
        Assert.Single(app.Ledger.Messages);
        Assert.Contains(final.History, h => h.Source == StatusEventSource.Poll && h.Outcome == StatusEventOutcome.Applied);
    }

    [Theory]
    [InlineData(SimulatedApiFailure.ServerError)]
    [InlineData(SimulatedApiFailure.ConnectionRefused)]
    public async Task SendThatNeverCreatedAMessageIsUnknownThenFailedAsNeverSentWithoutAnyMessageAtTwilio(SimulatedApiFailure failure)
    {
        using var app = new TrackerApp(FastReconciliation());
        app.Simulator.ApiFailure = failure;

        var result = await app.SendAsync("+15005550006", $"never created ({failure})");

        Assert.Equal(MessageStatus.OutcomeUnknown, result.Status);
        Assert.Empty(app.Ledger.Messages);
        app.Simulator.ApiFailure = SimulatedApiFailure.None;

        var final = await app.WaitForAsync(result.Id, m => m.IsFinal, TimeSpan.FromSeconds(20));
        Assert.Equal(MessageStatus.Failed, final.Status);
        Assert.StartsWith("Never sent: Twilio has no record of this message", final.ErrorMessage);
        Assert.Null(final.Sid);
        Assert.Empty(app.Ledger.Messages);
    }
}
