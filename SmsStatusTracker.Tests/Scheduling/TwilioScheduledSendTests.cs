using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Scheduling;
using SmsStatusTracker.Core.Sending;
using SmsStatusTracker.Tests.Functional;

namespace SmsStatusTracker.Tests.Scheduling;

/// <summary>
/// With a Messaging Service, a send 15 minutes to 35 days ahead goes to Twilio's scheduler (the simulator here, through
/// the real SDK): Twilio answers <c>scheduled</c>, sends it at SendAt, and cancels it on an update to <c>canceled</c>.
/// </summary>
public sealed class TwilioScheduledSendTests
{
    private const string Service = "MG0123456789abcdef0123456789abcdef";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TrackerApp App(ShiftedClock clock) => new(
        new() { ["Twilio:MessagingServiceSid"] = Service, ["Scheduling:Interval"] = "00:00:00.200" },
        services => services.AddSingleton<TimeProvider>(clock));

    private static async Task<Message> ScheduleAsync(TrackerApp app, DateTimeOffset sendAt, string body)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<SmsSender>().SendAsync(
            new SendSmsRequest("+15005550006", body, SendAt: sendAt), await app.ActorAsync(TrackerApp.TestSenderEmail), Ct);
    }

    [Fact]
    public async Task TwilioHoldsTheMessageAsScheduledAndSendsItAtItsTime()
    {
        var clock = new ShiftedClock();
        using var app = App(clock);

        var scheduled = await ScheduleAsync(app, clock.GetUtcNow().AddMinutes(20), "held by Twilio");

        Assert.Equal(MessageStatus.Scheduled, scheduled.Status);
        Assert.True(scheduled.Schedule!.ViaTwilio);
        var atTwilio = app.Ledger.Find(scheduled.Sid!)!;
        Assert.Equal((MessageStatus.Scheduled, Service), (atTwilio.Status, atTwilio.MessagingServiceSid));
        Assert.Equal(scheduled.Schedule.SendAt.ToUnixTimeSeconds(), atTwilio.SendAt!.Value.ToUnixTimeSeconds());
        await Task.Delay(1500, Ct);
        Assert.Equal(MessageStatus.Scheduled, app.Ledger.Find(scheduled.Sid!)!.Status);

        clock.Advance(TimeSpan.FromMinutes(21));
        var delivered = await app.WaitForAsync(scheduled.Id, m => m.Status == MessageStatus.Delivered);

        Assert.Contains(delivered.History, h => h.RawStatus == "queued" && h.Source == StatusEventSource.Callback);
    }

    [Fact]
    public async Task CancelingUpdatesTheMessageAtTwilioToCanceledAndItIsNeverSent()
    {
        var clock = new ShiftedClock();
        using var app = App(clock);
        var scheduled = await ScheduleAsync(app, clock.GetUtcNow().AddMinutes(30), "canceled at Twilio");

        var outcome = await app.Services.GetRequiredService<ScheduleCanceller>().CancelAsync(scheduled.Id, await app.ActorAsync(TrackerApp.TestSenderEmail), Ct);

        Assert.Equal(MessageStatus.Canceled, outcome.Message?.Status);
        Assert.Equal(MessageStatus.Canceled, app.Ledger.Find(scheduled.Sid!)!.Status);
        clock.Advance(TimeSpan.FromMinutes(31));
        await Task.Delay(2000, Ct);
        Assert.Equal(MessageStatus.Canceled, app.Ledger.Find(scheduled.Sid!)!.Status);
        Assert.DoesNotContain(app.Ledger.CallbackAttempts, a => a.Sid == scheduled.Sid);
        Assert.Equal(MessageStatus.Canceled, (await app.Store.FindAsync(scheduled.Id, Ct))!.Status);
    }

    [Fact]
    public async Task ASendDueSoonerThanTwilioCanHoldIsHeldByTheApp()
    {
        var clock = new ShiftedClock();
        using var app = App(clock);

        var scheduled = await ScheduleAsync(app, clock.GetUtcNow().AddMinutes(5), "too soon for Twilio");

        Assert.False(scheduled.Schedule!.ViaTwilio);
        Assert.Null(scheduled.Sid);
        Assert.Equal(MessageStatus.Scheduled, scheduled.Status);
    }

    [Fact]
    public async Task TwilioRefusesToCancelAMessageAlreadySentAndTheAnswerIsAConflict()
    {
        var clock = new ShiftedClock();
        using var app = App(clock);
        var scheduled = await ScheduleAsync(app, clock.GetUtcNow().AddMinutes(20), "sent before the cancel");
        clock.Advance(TimeSpan.FromMinutes(21));
        await WaitUntilAsync(() => app.Ledger.Find(scheduled.Sid!)!.Status != MessageStatus.Scheduled);

        // The app has not heard yet (its copy still says scheduled): Twilio's refusal decides.
        var outcome = await app.Services.GetRequiredService<ScheduleCanceller>().CancelAsync(scheduled.Id, await app.ActorAsync(TrackerApp.TestSenderEmail), Ct);

        Assert.True(outcome.Message is null, "a message already sent must not read as canceled");
        Assert.NotNull(outcome.Conflict);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25, Ct);
        }

        Assert.True(condition());
    }
}
