using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.OptOuts;
using SmsStatusTracker.Core.Scheduling;
using SmsStatusTracker.Core.Sending;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Tests.Functional;

namespace SmsStatusTracker.Tests.Scheduling;

/// <summary>
/// Sends held by the app, end to end against the simulator: the record is stored as scheduled and nothing reaches
/// Twilio until the leased job finds it due on the app's clock (a <see cref="ShiftedClock"/> the test moves).
/// </summary>
public sealed class ScheduledSendTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TrackerApp App(ShiftedClock clock, Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["Scheduling:Interval"] = "00:00:00.200", ["RateLimits:SendsPerUser"] = "1000" };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        return new TrackerApp(all, services => services.AddSingleton<TimeProvider>(clock));
    }

    private static async Task<Message> ScheduleAsync(TrackerApp app, string to, DateTimeOffset? sendAt, string body = "Your appointment is tomorrow")
    {
        using var scope = app.Services.CreateScope();
        var sender = scope.ServiceProvider.GetRequiredService<SmsSender>();
        return await sender.SendAsync(new SendSmsRequest(to, body, SendAt: sendAt), await app.ActorAsync(TrackerApp.TestSenderEmail), Ct);
    }

    private static int SentTo(TrackerApp app, string to) => app.Ledger.Messages.Count(m => m.To == to);

    [Fact]
    public async Task AScheduledSendIsStoredFirstAndDeliveredAtItsTime()
    {
        var clock = new ShiftedClock();
        using var app = App(clock);
        const string to = "+15005550006";

        var scheduled = await ScheduleAsync(app, to, clock.GetUtcNow().AddHours(1));

        Assert.Equal(MessageStatus.Scheduled, scheduled.Status);
        Assert.Null(scheduled.Sid);
        Assert.False(scheduled.Schedule!.ViaTwilio);
        Assert.Equal(MessageStatus.Scheduled, (await app.Store.FindAsync(scheduled.Id, Ct))!.Status);
        await Task.Delay(600, Ct);
        Assert.Equal(0, SentTo(app, to));

        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var delivered = await app.WaitForAsync(scheduled.Id, m => m.Status == MessageStatus.Delivered);

        Assert.Equal(1, SentTo(app, to));
        Assert.NotNull(delivered.Sid);
        Assert.NotNull(delivered.Schedule!.ClaimedAt);
    }

    [Fact]
    public async Task ACanceledScheduledSendIsNeverSent()
    {
        var clock = new ShiftedClock();
        using var app = App(clock);
        const string to = "+15005550006";
        var scheduled = await ScheduleAsync(app, to, clock.GetUtcNow().AddMinutes(30), "canceled before its time");

        var outcome = await app.Services.GetRequiredService<ScheduleCanceller>().CancelAsync(scheduled.Id, await app.ActorAsync(TrackerApp.TestSenderEmail), Ct);

        Assert.Equal(MessageStatus.Canceled, outcome.Message?.Status);
        clock.Advance(TimeSpan.FromHours(1));
        await Task.Delay(1000, Ct);
        Assert.Equal(0, SentTo(app, to));
        var stored = (await app.Store.FindAsync(scheduled.Id, Ct))!;
        Assert.Equal(MessageStatus.Canceled, stored.Status);
        Assert.Equal($"Canceled by {TrackerApp.TestSenderEmail}", stored.History[^1].ErrorMessage);

        var again = await app.Services.GetRequiredService<ScheduleCanceller>().CancelAsync(scheduled.Id, await app.ActorAsync(TrackerApp.TestSenderEmail), Ct);
        Assert.NotNull(again.Conflict);
    }

    [Fact]
    public async Task QuietHoursHoldAnImmediateSendUntilTheyEndInTheRecipientsZone()
    {
        var clock = new ShiftedClock();
        clock.Set(new DateTimeOffset(2026, 12, 1, 22, 30, 0, TimeSpan.Zero));
        using var app = App(clock, new() { ["Sms:QuietHours:Enabled"] = "true", ["Sms:QuietHours:Start"] = "21:00", ["Sms:QuietHours:End"] = "08:00" });
        const string to = "+447400123456";

        var held = await ScheduleAsync(app, to, sendAt: null, "Sent at 22:30 in London");

        Assert.Equal(MessageStatus.Scheduled, held.Status);
        Assert.True(held.Schedule!.HeldForQuietHours);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero), held.Schedule.SendAt);
        clock.Advance(TimeSpan.FromHours(9));
        await Task.Delay(600, Ct);
        Assert.Equal(0, SentTo(app, to));

        clock.Set(new DateTimeOffset(2026, 12, 2, 8, 0, 1, TimeSpan.Zero));
        await app.WaitForAsync(held.Id, m => m.Status == MessageStatus.Delivered);
        Assert.Equal(1, SentTo(app, to));
    }

    [Fact]
    public async Task TheOverrideSendsAtOnceInsideQuietHours()
    {
        var clock = new ShiftedClock();
        clock.Set(new DateTimeOffset(2026, 12, 1, 22, 30, 0, TimeSpan.Zero));
        using var app = App(clock, new() { ["Sms:QuietHours:Enabled"] = "true" });
        using var scope = app.Services.CreateScope();

        var sent = await scope.ServiceProvider.GetRequiredService<SmsSender>().SendAsync(
            new SendSmsRequest("+447400123457", "urgent", IgnoreQuietHours: true), await app.ActorAsync(TrackerApp.TestSenderEmail), Ct);

        Assert.Null(sent.Schedule);
        Assert.NotNull(sent.Sid);
    }

    [Fact]
    public async Task ACrashBetweenClaimAndSendNeverSendsTwice()
    {
        var clock = new ShiftedClock();
        using var app = App(clock, new() { ["Scheduling:Interval"] = "01:00:00" });
        const string to = "+15005550006";
        var scheduled = await ScheduleAsync(app, to, clock.GetUtcNow().AddMinutes(5), "claimed then the process died");
        clock.Advance(TimeSpan.FromMinutes(6));

        // The claim is written, then the process "dies" before Twilio is called.
        var dying = new ScheduledSendJob(
            new DiesAfterFirstUpdate(app.Store), app.Services.GetRequiredService<ActorAuthorizer>(), app.Services.GetRequiredService<OptOutLedger>(),
            app.Services.GetRequiredService<IMessageChangeNotifier>(), app.Services, clock, NullLogger<ScheduledSendJob>.Instance);
        await Assert.ThrowsAsync<ProcessDiedException>(() => dying.RunPassAsync(Ct));
        var claimed = (await app.Store.FindAsync(scheduled.Id, Ct))!;
        Assert.Equal(MessageStatus.Created, claimed.Status);
        Assert.NotNull(claimed.Schedule!.ClaimedAt);

        // A new instance (another replica, or this one restarted) finds nothing to send.
        Assert.Equal(0, await app.Services.GetRequiredService<ScheduledSendJob>().RunPassAsync(Ct));
        Assert.Equal(0, SentTo(app, to));
        Assert.Null((await app.Store.FindAsync(scheduled.Id, Ct))!.Sid);
    }

    [Fact]
    public async Task TwoJobInstancesRacingForOneDueMessageSendItOnce()
    {
        var clock = new ShiftedClock();
        using var app = App(clock, new() { ["Scheduling:Interval"] = "01:00:00" });
        const string to = "+15005550006";
        var scheduled = await ScheduleAsync(app, to, clock.GetUtcNow().AddMinutes(5), "raced for");
        clock.Advance(TimeSpan.FromMinutes(6));
        var job = app.Services.GetRequiredService<ScheduledSendJob>();

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => job.TryClaimAsync(scheduled.Id, clock.GetUtcNow(), Ct)));

        Assert.Single(claims, c => c is not null);
    }

    private sealed class ProcessDiedException() : Exception("The process died right after its claim was stored.");

    /// <summary>A store whose first update is written and then the caller dies (the commit happened, the answer never arrived).</summary>
    private sealed class DiesAfterFirstUpdate(IMessageStore inner) : IMessageStore
    {
        public string Description => inner.Description;

        public async Task<Message?> UpdateAsync(Guid id, Func<Message, Message> change, CancellationToken cancellationToken)
        {
            await inner.UpdateAsync(id, change, cancellationToken);
            throw new ProcessDiedException();
        }

        public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

        public Task AddAsync(Message message, CancellationToken cancellationToken) => inner.AddAsync(message, cancellationToken);

        public Task<Message?> FindAsync(Guid id, CancellationToken cancellationToken) => inner.FindAsync(id, cancellationToken);

        public Task<Message?> FindBySidAsync(string sid, CancellationToken cancellationToken) => inner.FindBySidAsync(sid, cancellationToken);

        public Task<Message?> UpdateBySidAsync(string sid, Func<Message, Message> change, CancellationToken cancellationToken) => inner.UpdateBySidAsync(sid, change, cancellationToken);

        public Task ParkAsync(ParkedStatusEvent parked, CancellationToken cancellationToken) => inner.ParkAsync(parked, cancellationToken);

        public Task<IReadOnlyList<ParkedStatusEvent>> FindParkedAsync(string sid, CancellationToken cancellationToken) => inner.FindParkedAsync(sid, cancellationToken);

        public Task RemoveParkedAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) => inner.RemoveParkedAsync(ids, cancellationToken);

        public Task<int> RemoveParkedBeforeAsync(DateTimeOffset receivedBefore, CancellationToken cancellationToken) => inner.RemoveParkedBeforeAsync(receivedBefore, cancellationToken);

        public Task<long> CountParkedAsync(CancellationToken cancellationToken) => inner.CountParkedAsync(cancellationToken);

        public Task<MessagePage> ListAsync(MessageQuery query, CancellationToken cancellationToken) => inner.ListAsync(query, cancellationToken);

        public Task<IReadOnlyList<Message>> FindUnsettledAsync(DateTimeOffset updatedBefore, int limit, CancellationToken cancellationToken) => inner.FindUnsettledAsync(updatedBefore, limit, cancellationToken);

        public Task PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);

        public Task<IReadOnlyList<Message>> FindResendsOfAsync(Guid id, CancellationToken cancellationToken) => inner.FindResendsOfAsync(id, cancellationToken);
    }
}
