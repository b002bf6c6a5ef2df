using System.Net;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Reconciliation;

namespace SmsStatusTracker.Tests.Reconciliation;

/// <summary>The reconciler against a fake Twilio API through the real SDK, with time under the test's control.</summary>
public sealed class MessageReconcilerTests
{
    private static readonly TimeSpan MinAge = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task MessageYoungerThanMinAgeIsNotLookedUp()
    {
        await using var harness = new ReconcilerHarness();
        var message = await harness.AddAsync("SM" + Guid.NewGuid().ToString("N"), MessageStatus.Sent);
        harness.Api.Add(message.To, message.Body, MessageStatus.Delivered, harness.Time.GetUtcNow(), message.Sid);
        harness.Time.Advance(MinAge - TimeSpan.FromSeconds(1));

        var checks = await harness.RunPassAsync();

        Assert.Empty(checks);
        Assert.Empty(harness.Api.Requests);
        Assert.Equal(MessageStatus.Sent, (await harness.FindAsync(message.Id)).Status);
    }

    [Fact]
    public async Task SentMessageIsSettledFromTwilioAsAPollWithItsErrorAndWatchersAreNotified()
    {
        await using var harness = new ReconcilerHarness();
        var message = await harness.AddAsync("SM" + Guid.NewGuid().ToString("N"), MessageStatus.Sent);
        var atTwilio = harness.Api.Add(message.To, message.Body, MessageStatus.Undelivered, harness.Time.GetUtcNow(), message.Sid);
        harness.Api.Messages[atTwilio.Sid] = atTwilio with { ErrorCode = 30003 };
        harness.Time.Advance(MinAge + TimeSpan.FromSeconds(1));

        var checks = await harness.RunPassAsync();

        Assert.Equal([new ReconciliationCheck(message.Id, ReconciliationResult.Settled)], checks);
        var settled = await harness.FindAsync(message.Id);
        Assert.Equal(MessageStatus.Undelivered, settled.Status);
        Assert.Equal(30003, settled.ErrorCode);
        var poll = settled.History[^1];
        Assert.Equal((StatusEventSource.Poll, StatusEventOutcome.Applied, "undelivered"), (poll.Source, poll.Outcome, poll.RawStatus));
        Assert.Contains(harness.Notifier.Changes, m => m.Id == message.Id && m.Status == MessageStatus.Undelivered);
        Assert.Single(harness.Api.Requests, r => r.PathAndQuery.EndsWith($"/Messages/{message.Sid}.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StatusTwilioAlreadyReportedAddsNothingToTheHistoryAndIsAskedAgainOnlyAfterTheBackoff()
    {
        await using var harness = new ReconcilerHarness();
        var message = await harness.AddAsync("SM" + Guid.NewGuid().ToString("N"), MessageStatus.Sent);
        harness.Api.Add(message.To, message.Body, MessageStatus.Sent, harness.Time.GetUtcNow(), message.Sid);
        harness.Time.Advance(MinAge + TimeSpan.FromSeconds(1));

        Assert.Equal(ReconciliationResult.Unchanged, Assert.Single(await harness.RunPassAsync()).Result);
        Assert.Empty(await harness.RunPassAsync());
        harness.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(ReconciliationResult.Unchanged, Assert.Single(await harness.RunPassAsync()).Result);

        var stored = await harness.FindAsync(message.Id);
        Assert.Equal(message.History.Count, stored.History.Count);
        Assert.Equal(2, harness.Api.Requests.Count);
    }

    [Fact]
    public async Task MessageStillNotFinalAfterTheHorizonIsMarkedUnresolvedVisiblyAndNoLongerLookedUp()
    {
        await using var harness = new ReconcilerHarness();
        var message = await harness.AddAsync("SM" + Guid.NewGuid().ToString("N"), MessageStatus.Sent);
        harness.Api.Add(message.To, message.Body, MessageStatus.Sent, harness.Time.GetUtcNow(), message.Sid);
        harness.Time.Advance(TimeSpan.FromHours(23));
        Assert.Equal(ReconciliationResult.Unchanged, Assert.Single(await harness.RunPassAsync()).Result);

        harness.Time.Advance(TimeSpan.FromHours(1));
        var passStarted = harness.Time.GetUtcNow();
        Assert.Equal(ReconciliationResult.GaveUp, Assert.Single(await harness.RunPassAsync()).Result);

        var unresolved = await harness.FindAsync(message.Id);
        Assert.Equal(MessageStatus.Sent, unresolved.Status);
        // The pass paces its requests on the fake clock, so "now" may have moved on by a few milliseconds.
        Assert.InRange(unresolved.ReconciliationGaveUpAt!.Value, passStarted, harness.Time.GetUtcNow());
        Assert.StartsWith("Unresolved: Twilio still reported 'sent' 24 h after sending", unresolved.ErrorMessage);
        Assert.Equal((DisplayedStatus.Unresolved, StatusEventOutcome.Unrecognized), (unresolved.History[^1].RawStatus, unresolved.History[^1].Outcome));
        Assert.Contains(harness.Notifier.Changes, m => m.Id == message.Id && m.ReconciliationGaveUpAt is not null);

        var requests = harness.Api.Requests.Count;
        harness.Time.Advance(TimeSpan.FromHours(2));
        Assert.Empty(await harness.RunPassAsync());
        Assert.Equal(requests, harness.Api.Requests.Count);
    }

    [Fact]
    public async Task UnknownOutcomeFoundAtTwilioByRecipientAndBodyGetsItsSidAndTrueStatus()
    {
        await using var harness = new ReconcilerHarness();
        var message = await harness.AddAsync(null, MessageStatus.OutcomeUnknown, to: "+14155550100", body: "Your code is 4711");
        var now = harness.Time.GetUtcNow();
        harness.Api.Add("+14155550100", "Your code is 1234", MessageStatus.Delivered, now, sentAt: now);
        harness.Api.Add("+14155550199", "Your code is 4711", MessageStatus.Delivered, now, sentAt: now);
        harness.Api.Add("+14155550100", "Your code is 4711", MessageStatus.Delivered, now.AddHours(-2), sentAt: now.AddHours(-2));
        var twin = harness.Api.Add("+14155550100", "Your code is 4711", MessageStatus.Delivered, now.AddSeconds(1), sentAt: now.AddSeconds(3));
        harness.Time.Advance(MinAge + TimeSpan.FromSeconds(1));

        Assert.Equal(ReconciliationResult.Linked, Assert.Single(await harness.RunPassAsync()).Result);

        var linked = await harness.FindAsync(message.Id);
        Assert.Equal(twin.Sid, linked.Sid);
        Assert.Equal(MessageStatus.Delivered, linked.Status);
        Assert.Equal(StatusEventSource.Poll, linked.History[^1].Source);
        var read = Assert.Single(harness.Api.Requests);
        Assert.Contains("To=+14155550100", read.PathAndQuery);
        Assert.Contains("DateSent>", read.PathAndQuery);
    }

    [Fact]
    public async Task UnknownOutcomeNotYetSentAtTwilioIsFoundWithoutTheDateFilter()
    {
        await using var harness = new ReconcilerHarness();
        var message = await harness.AddAsync(null, MessageStatus.OutcomeUnknown, body: "queued for a while");
        harness.Api.Add(message.To, message.Body, MessageStatus.Queued, harness.Time.GetUtcNow());
        harness.Time.Advance(MinAge + TimeSpan.FromSeconds(1));

        Assert.Equal(ReconciliationResult.Linked, Assert.Single(await harness.RunPassAsync()).Result);

        Assert.Equal(MessageStatus.Queued, (await harness.FindAsync(message.Id)).Status);
        Assert.Equal(2, harness.Api.Requests.Count);
    }

    [Fact]
    public async Task TwilioMessageAlreadyOwnedByAnotherLocalMessageIsNotLinkedTwice()
    {
        await using var harness = new ReconcilerHarness();
        var atTwilio = harness.Api.Add("+15005550006", "Same words", MessageStatus.Delivered, harness.Time.GetUtcNow(), sentAt: harness.Time.GetUtcNow());
        await harness.AddAsync(atTwilio.Sid, MessageStatus.Delivered, body: "Same words");
        var unknown = await harness.AddAsync(null, MessageStatus.OutcomeUnknown, body: "Same words");
        harness.Time.Advance(MinAge + TimeSpan.FromSeconds(1));

        Assert.Equal(ReconciliationResult.Unchanged, Assert.Single(await harness.RunPassAsync()).Result);
        Assert.Null((await harness.FindAsync(unknown.Id)).Sid);
    }

    [Fact]
    public async Task UnknownOutcomeTwilioNeverHeardOfIsFailedOnlyAfterTheHorizonWithAClearMessage()
    {
        await using var harness = new ReconcilerHarness();
        var message = await harness.AddAsync(null, MessageStatus.OutcomeUnknown);
        harness.Time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(ReconciliationResult.Unchanged, Assert.Single(await harness.RunPassAsync()).Result);
        Assert.Equal(MessageStatus.OutcomeUnknown, (await harness.FindAsync(message.Id)).Status);

        harness.Time.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(ReconciliationResult.NeverCreated, Assert.Single(await harness.RunPassAsync()).Result);

        var failed = await harness.FindAsync(message.Id);
        Assert.Equal(MessageStatus.Failed, failed.Status);
        Assert.Null(failed.Sid);
        Assert.StartsWith("Never sent: Twilio has no record of this message", failed.ErrorMessage);
        Assert.Equal((StatusEventSource.Local, StatusEventOutcome.Applied), (failed.History[^1].Source, failed.History[^1].Outcome));
    }

    [Fact]
    public async Task TwilioErrorsLeaveTheMessageAsItWasAndItIsAskedAgainLater()
    {
        await using var harness = new ReconcilerHarness();
        var message = await harness.AddAsync("SM" + Guid.NewGuid().ToString("N"), MessageStatus.Sent);
        harness.Api.Add(message.To, message.Body, MessageStatus.Delivered, harness.Time.GetUtcNow(), message.Sid);
        harness.Api.FailWith = HttpStatusCode.ServiceUnavailable;
        harness.Time.Advance(MinAge + TimeSpan.FromSeconds(1));

        Assert.Equal(ReconciliationResult.Error, Assert.Single(await harness.RunPassAsync()).Result);
        Assert.Equal(MessageStatus.Sent, (await harness.FindAsync(message.Id)).Status);

        harness.Api.FailWith = null;
        harness.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(ReconciliationResult.Settled, Assert.Single(await harness.RunPassAsync()).Result);
    }

    [Fact]
    public async Task RequestsToTwilioAreSpacedEvenlyToMaxPerMinute()
    {
        await using var harness = new ReconcilerHarness(new ReconciliationOptions
        {
            MinAge = MinAge,
            Interval = TimeSpan.FromMinutes(1),
            MaxPerMinute = 2,
            GiveUpAfter = TimeSpan.FromHours(24),
            AssumeNeverCreatedAfter = TimeSpan.FromHours(1),
        });
        for (var i = 0; i < 3; i++)
        {
            var message = await harness.AddAsync("SM" + Guid.NewGuid().ToString("N"), MessageStatus.Sent);
            harness.Api.Add(message.To, message.Body, MessageStatus.Delivered, harness.Time.GetUtcNow(), message.Sid);
        }

        harness.Time.Advance(MinAge + TimeSpan.FromSeconds(1));
        var start = harness.Time.GetUtcNow();

        var pass = harness.StartPass();
        await WaitUntilAsync(() => harness.Api.Requests.Count == 1);
        harness.Time.Advance(TimeSpan.FromSeconds(29));
        await Task.Yield();
        Assert.Single(harness.Api.Requests);
        Assert.False(pass.IsCompleted);
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => harness.Api.Requests.Count == 2);
        harness.Time.Advance(TimeSpan.FromSeconds(30));
        var checks = await pass;

        Assert.All(checks, c => Assert.Equal(ReconciliationResult.Settled, c.Result));
        Assert.Equal([start, start.AddSeconds(30), start.AddSeconds(60)], harness.Api.Requests.Select(r => r.At));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for the condition.");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }
}
