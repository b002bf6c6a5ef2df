using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Scheduling;
using SmsStatusTracker.Tests.Reconciliation;

namespace SmsStatusTracker.Tests.Scheduling;

/// <summary>Reconciliation leaves a scheduled message alone until there is something to ask Twilio about.</summary>
public sealed class ScheduledReconciliationTests
{
    private static async Task<Message> ScheduleAsync(ReconcilerHarness harness, string? sid, TimeSpan ahead, bool viaTwilio)
    {
        var message = await harness.AddAsync(sid, MessageStatus.Scheduled);
        var schedule = new MessageSchedule { SendAt = harness.Time.GetUtcNow() + ahead, ViaTwilio = viaTwilio, UserId = "someone" };
        return (await harness.Store.UpdateAsync(message.Id, m => m with { Schedule = schedule }, TestContext.Current.CancellationToken))!;
    }

    [Fact]
    public async Task AnAppHeldMessageIsNeverLookedUpOrFailedWhileItWaits()
    {
        await using var harness = new ReconcilerHarness();
        var held = await ScheduleAsync(harness, sid: null, TimeSpan.FromDays(2), viaTwilio: false);
        harness.Time.Advance(TimeSpan.FromDays(1));

        Assert.Empty(await harness.RunPassAsync());

        var stored = await harness.FindAsync(held.Id);
        Assert.Equal(MessageStatus.Scheduled, stored.Status);
        Assert.Null(stored.ReconciliationGaveUpAt);
    }

    [Fact]
    public async Task ATwilioHeldMessageIsNotGivenUpOnBeforeItsTime()
    {
        await using var harness = new ReconcilerHarness();
        var held = await ScheduleAsync(harness, sid: "SM" + new string('a', 32), TimeSpan.FromDays(3), viaTwilio: true);
        harness.Time.Advance(TimeSpan.FromHours(25));

        Assert.Empty(await harness.RunPassAsync());

        Assert.Null((await harness.FindAsync(held.Id)).ReconciliationGaveUpAt);
    }

    [Fact]
    public async Task AClaimedMessageCountsItsSendFromTheClaimNotFromWhenItWasScheduled()
    {
        var created = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var claimed = created.AddDays(2);
        var message = new Message
        {
            Id = Guid.CreateVersion7(), To = "+15005550006", From = "+15005550001", Body = "b", SentBy = "s",
            CreatedAt = created, UpdatedAt = claimed, Status = MessageStatus.Created,
            Schedule = new MessageSchedule { SendAt = claimed, ClaimedAt = claimed, UserId = "someone" },
        };

        Assert.Equal(claimed, ScheduledTimes.AskedTwilioAt(message));
        Assert.True(Core.Sending.SendInFlight.MayBeUnderWay(message, claimed.AddSeconds(10), new Core.Twilio.TwilioOptions()));
    }
}
