using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Web.Endpoints.StatusCallbacks;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>Send through the real SDK to the simulator and watch the callbacks land, per outcome.</summary>
public sealed class CoreLoopTests(CoreLoopTests.App app) : IClassFixture<CoreLoopTests.App>
{
    public sealed class App() : IDisposable
    {
        public TrackerApp Tracker { get; } = new();

        public void Dispose() => Tracker.Dispose();
    }

    private TrackerApp Tracker => app.Tracker;

    [Fact]
    public async Task MessageToAnOrdinaryNumberGoesQueuedSendingSentDeliveredWithFullHistory()
    {
        var sent = await Tracker.SendAsync("+15005550006", "Your table is ready");

        // Callbacks may already have moved it on by the time SendAsync returns: the history tells what Twilio answered.
        Assert.NotNull(sent.Sid);
        var final = await Tracker.WaitForFinalAsync(sent.Id);

        Assert.Equal(MessageStatus.Delivered, final.Status);
        // A fast callback may land before the send response is recorded; then "queued" is kept as late.
        Assert.Equal(
            ["created", "queued", "sending", "sent", "delivered"],
            final.History.OrderBy(h => StatusRank.Of(h.Status!.Value)).Select(h => h.RawStatus));
        Assert.Equal(StatusEventSource.Local, final.History[0].Source);
        Assert.Single(final.History, h => h.Source == StatusEventSource.SendResponse && h.RawStatus == "queued");
        Assert.Equal(3, final.History.Count(h => h.Source == StatusEventSource.Callback));
        Assert.All(final.History.Where(h => h.Source == StatusEventSource.Callback), h => Assert.Equal(StatusEventOutcome.Applied, h.Outcome));
        Assert.All(final.History.Where(h => h.Source == StatusEventSource.Callback), h => Assert.False(string.IsNullOrEmpty(h.IdempotencyToken)));
        Assert.NotNull(final.SentAt);
        Assert.NotNull(final.DeliveredAt);
        Assert.Matches("^[0-9]{10}$", final.RawDlrDoneDate);
        Assert.Null(final.ErrorCode);

        var atTwilio = Tracker.Ledger.Find(final.Sid!);
        Assert.NotNull(atTwilio);
        Assert.Equal("Your table is ready", atTwilio.Body);
        Assert.Equal(final.Sid, atTwilio.Sid);
        Assert.Equal(StatusCallbackRoute.PathFor(final.Id), atTwilio.StatusCallback!.PathAndQuery);
        Assert.Equal("#rc=3&rp=5xx,ct,rt", atTwilio.StatusCallback.Fragment);
    }

    [Theory]
    [InlineData("+15005550001", 21211)]
    [InlineData("+15005550002", 21612)]
    [InlineData("+15005550003", 21408)]
    [InlineData("+15005550004", 21610)]
    [InlineData("+15005550009", 21614)]
    public async Task NumberTwilioRefusesIsStoredAsFailedWithItsErrorAndNeverReachesTwilio(string to, int errorCode)
    {
        var result = await Tracker.SendAsync(to);

        Assert.Equal(MessageStatus.Failed, result.Status);
        Assert.Equal(errorCode, result.ErrorCode);
        Assert.False(string.IsNullOrWhiteSpace(result.ErrorMessage));
        Assert.Null(result.Sid);
        var stored = await Tracker.Store.FindAsync(result.Id, TestContext.Current.CancellationToken);
        Assert.Equal(MessageStatus.Failed, stored!.Status);
        Assert.Equal(["created", "failed"], stored.History.Select(h => h.RawStatus));
        Assert.DoesNotContain(Tracker.Ledger.Messages, m => m.To == to);
    }

    [Theory]
    [InlineData("+15005553003", MessageStatus.Undelivered, 30003)]
    [InlineData("+15005553005", MessageStatus.Undelivered, 30005)]
    [InlineData("+15005553006", MessageStatus.Undelivered, 30006)]
    [InlineData("+15005553007", MessageStatus.Undelivered, 30007)]
    [InlineData("+15005553008", MessageStatus.Failed, 30008)]
    public async Task NumberThatFailsAfterAcceptanceEndsInItsFinalStatusWithTheCarrierError(string to, MessageStatus expected, int errorCode)
    {
        var sent = await Tracker.SendAsync(to);
        Assert.NotNull(sent.Sid);

        var final = await Tracker.WaitForFinalAsync(sent.Id);

        Assert.Equal(expected, final.Status);
        Assert.Equal(errorCode, final.ErrorCode);
        Assert.Equal(expected.ToWireName(), final.History[^1].RawStatus);
        Assert.Equal(errorCode, final.History[^1].ErrorCode);
    }

    [Fact]
    public async Task InvalidInputIsRefusedBeforeAnythingIsStoredOrSent()
    {
        var before = await Tracker.Store.ListAsync(new(), TestContext.Current.CancellationToken);
        var ledgerBefore = Tracker.Ledger.Messages.Count;

        var invalid = await Assert.ThrowsAsync<SmsStatusTracker.Core.Sending.SendSmsValidationException>(() => Tracker.SendAsync("555-0100", ""));

        Assert.Contains("to", invalid.Errors.Keys);
        Assert.Contains("body", invalid.Errors.Keys);
        var after = await Tracker.Store.ListAsync(new(), TestContext.Current.CancellationToken);
        Assert.Equal(before.Total, after.Total);
        Assert.Equal(ledgerBefore, Tracker.Ledger.Messages.Count);
    }
}
