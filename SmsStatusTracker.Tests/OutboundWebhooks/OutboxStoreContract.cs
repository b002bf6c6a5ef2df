using System.Text.Json;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.OutboundWebhooks;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.OutboundWebhooks;

/// <summary>
/// What every <see cref="IOutboxStore"/> adapter, with its message store's companion writer, must do. Each subclass
/// opens both over one fresh database per test, with the companion registered.
/// </summary>
public abstract class OutboxStoreContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The message store (initialised, with the outbox companion) and the outbox store on the test's database; skips when the engine is missing.</summary>
    protected abstract Task<(IMessageStore Messages, IOutboxStore Outbox)> OpenAsync();

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public abstract ValueTask DisposeAsync();

    private static WebhookEndpoint Endpoint(string id, WebhookSubscription subscription, bool enabled = true) => new()
    {
        Id = id,
        Url = $"https://hooks.example.com/{id}",
        Subscription = subscription,
        Enabled = enabled,
        ProtectedSecret = "protected",
        CreatedAt = T0,
        CreatedBy = "admin@example.com",
    };

    private static async Task<Message> ChangeAsync(IMessageStore messages, Message message, MessageStatus status) =>
        (await messages.UpdateAsync(message.Id, m => m with { Status = status, UpdatedAt = m.UpdatedAt.AddSeconds(1) }, Ct))!;

    private static async Task<List<OutboxEvent>> DrainInOrderAsync(IOutboxStore outbox, DateTimeOffset now)
    {
        var delivered = new List<OutboxEvent>();
        while (await outbox.DueAsync(now, 100, Ct) is { Count: > 0 } due)
        {
            foreach (var e in due)
            {
                await outbox.RecordAttemptAsync(e, Attempt(e, OutboxEventState.Delivered, now), null, Ct);
                delivered.Add(e);
            }
        }

        return delivered;
    }

    private static DeliveryAttempt Attempt(OutboxEvent e, OutboxEventState outcome, DateTimeOffset at, int? code = 200) =>
        new(e.EndpointId, e.EventId, e.Type, at, outcome, code, 12, outcome == OutboxEventState.Delivered ? null : "HTTP 500");

    [Fact]
    public async Task EveryStatusChangeWritesOneEventPerSubscribedEnabledEndpointDescribingThatChange()
    {
        var (messages, outbox) = await OpenAsync();
        await outbox.AddEndpointAsync(Endpoint("every", WebhookSubscription.StatusChanges), Ct);
        await outbox.AddEndpointAsync(Endpoint("final", WebhookSubscription.FinalStatuses), Ct);
        await outbox.AddEndpointAsync(Endpoint("alerts", WebhookSubscription.Alerts), Ct);
        await outbox.AddEndpointAsync(Endpoint("off", WebhookSubscription.StatusChanges, enabled: false), Ct);

        var message = TestMessages.Stored(1, MessageStatus.Queued, sid: "SM_outbox_1");
        await messages.AddAsync(message, Ct);
        var sent = await ChangeAsync(messages, message, MessageStatus.Sent);
        await messages.UpdateAsync(message.Id, m => m with { Body = m.Body }, Ct);
        var delivered = await ChangeAsync(messages, sent, MessageStatus.Delivered);

        var events = await DrainInOrderAsync(outbox, T0.AddYears(1));
        var every = events.Where(e => e.EndpointId == "every").ToList();
        Assert.Equal(["queued", "sent", "delivered"], every.Select(e => JsonDocument.Parse(e.Payload).RootElement.GetProperty("data").GetProperty("status").GetString()));
        Assert.Equal([message.Version, sent.Version, delivered.Version], every.Select(e => e.Sequence));
        Assert.All(every, e => Assert.Equal(message.Id.ToString("N"), e.Stream));
        var final = Assert.Single(events, e => e.EndpointId == "final");
        Assert.Equal(every[2].EventId, final.EventId);
        Assert.Equal("sent", JsonDocument.Parse(final.Payload).RootElement.GetProperty("data").GetProperty("previousStatus").GetString());
        Assert.DoesNotContain(events, e => e.EndpointId is "alerts" or "off");
        Assert.Equal(3, every.Select(e => e.EventId).Distinct().Count());
    }

    [Fact]
    public async Task ALaterEventOfAMessageWaitsWhileAnEarlierOneIsPendingForTheSameEndpoint()
    {
        var (messages, outbox) = await OpenAsync();
        await outbox.AddEndpointAsync(Endpoint("a", WebhookSubscription.StatusChanges), Ct);
        await outbox.AddEndpointAsync(Endpoint("b", WebhookSubscription.StatusChanges), Ct);
        var message = TestMessages.Stored(2, MessageStatus.Queued, sid: "SM_outbox_2");
        await messages.AddAsync(message, Ct);
        await ChangeAsync(messages, message, MessageStatus.Sent);

        var first = await outbox.DueAsync(T0.AddYears(1), 100, Ct);
        Assert.Equal(2, first.Count);
        Assert.All(first, e => Assert.Equal(message.Version, e.Sequence));

        // Endpoint a's first event fails and is retried in a minute: its second waits; b's goes on.
        var failedA = first.Single(e => e.EndpointId == "a");
        var now = T0.AddYears(1);
        await outbox.RecordAttemptAsync(failedA, Attempt(failedA, OutboxEventState.Pending, now, 500), now.AddMinutes(1), Ct);
        var doneB = first.Single(e => e.EndpointId == "b");
        await outbox.RecordAttemptAsync(doneB, Attempt(doneB, OutboxEventState.Delivered, now), null, Ct);

        var next = await outbox.DueAsync(now, 100, Ct);
        var onlyB = Assert.Single(next);
        Assert.Equal("b", onlyB.EndpointId);
        Assert.NotEqual(message.Version, onlyB.Sequence);

        var later = await outbox.DueAsync(now.AddMinutes(1), 100, Ct);
        Assert.Contains(later, e => e.EndpointId == "a" && e.EventId == failedA.EventId && e.Attempts == 1);
        Assert.DoesNotContain(later, e => e.EndpointId == "a" && e.Sequence != message.Version);
    }

    [Fact]
    public async Task AnEventGivenUpOnNoLongerHoldsBackTheNextOneOfItsMessage()
    {
        var (messages, outbox) = await OpenAsync();
        await outbox.AddEndpointAsync(Endpoint("a", WebhookSubscription.StatusChanges), Ct);
        var message = TestMessages.Stored(3, MessageStatus.Queued, sid: "SM_outbox_3");
        await messages.AddAsync(message, Ct);
        await ChangeAsync(messages, message, MessageStatus.Sent);
        var now = T0.AddYears(1);

        var first = Assert.Single(await outbox.DueAsync(now, 100, Ct));
        var endpoint = await outbox.RecordAttemptAsync(first, Attempt(first, OutboxEventState.Failed, now, 410), null, Ct);

        Assert.Equal(1, endpoint!.ConsecutiveFailedEvents);
        Assert.Equal(now, endpoint.FailingSince);
        var second = Assert.Single(await outbox.DueAsync(now, 100, Ct));
        Assert.NotEqual(first.EventId, second.EventId);
        endpoint = await outbox.RecordAttemptAsync(second, Attempt(second, OutboxEventState.Delivered, now.AddSeconds(1)), null, Ct);
        Assert.Null(endpoint!.FailingSince);
        Assert.Equal(0, endpoint.ConsecutiveFailedEvents);
    }

    [Fact]
    public async Task EveryAttemptIsInTheEndpointsDeliveryLogNewestFirst()
    {
        var (messages, outbox) = await OpenAsync();
        await outbox.AddEndpointAsync(Endpoint("a", WebhookSubscription.StatusChanges), Ct);
        await messages.AddAsync(TestMessages.Stored(4, MessageStatus.Queued, sid: "SM_outbox_4"), Ct);
        var now = T0.AddYears(1);
        var e = Assert.Single(await outbox.DueAsync(now, 100, Ct));
        await outbox.RecordAttemptAsync(e, Attempt(e, OutboxEventState.Pending, now, 503), now, Ct);
        await outbox.RecordAttemptAsync(e, Attempt(e, OutboxEventState.Delivered, now.AddSeconds(5)), null, Ct);

        var log = await outbox.AttemptsAsync("a", 10, Ct);
        Assert.Equal([OutboxEventState.Delivered, OutboxEventState.Pending], log.Select(a => a.Outcome));
        Assert.Equal([200, 503], log.Select(a => a.StatusCode ?? 0));
        Assert.All(log, a => Assert.Equal(e.EventId, a.EventId));
        Assert.Equal(0, await outbox.PendingCountAsync("a", Ct));
    }

    [Fact]
    public async Task ReplayFromATimeSendsThoseEventsAgainWithTheSameIds()
    {
        var (messages, outbox) = await OpenAsync();
        await outbox.AddEndpointAsync(Endpoint("a", WebhookSubscription.StatusChanges), Ct);
        var early = TestMessages.Stored(5, MessageStatus.Queued, sid: "SM_outbox_5", createdAt: T0);
        var late = TestMessages.Stored(6, MessageStatus.Queued, sid: "SM_outbox_6", createdAt: T0.AddHours(1));
        await messages.AddAsync(early, Ct);
        await messages.AddAsync(late, Ct);
        var first = await DrainInOrderAsync(outbox, T0.AddYears(1));
        Assert.Equal(2, first.Count);

        Assert.Equal(1, await outbox.ReplayAsync("a", T0.AddMinutes(30), T0.AddYears(1), Ct));
        var again = Assert.Single(await outbox.DueAsync(T0.AddYears(1), 100, Ct));
        Assert.Equal(first.Single(e => e.Stream == late.Id.ToString("N")).EventId, again.EventId);
    }

    [Fact]
    public async Task DisabledEndpointsAreNotDueAndEnablingClearsTheirFailures()
    {
        var (messages, outbox) = await OpenAsync();
        await outbox.AddEndpointAsync(Endpoint("a", WebhookSubscription.StatusChanges), Ct);
        await messages.AddAsync(TestMessages.Stored(7, MessageStatus.Queued, sid: "SM_outbox_7"), Ct);
        var now = T0.AddYears(1);
        var e = Assert.Single(await outbox.DueAsync(now, 100, Ct));
        await outbox.RecordAttemptAsync(e, Attempt(e, OutboxEventState.Pending, now, 500), now, Ct);

        Assert.True(await outbox.SetEnabledAsync("a", false, "broken", Ct));
        Assert.Empty(await outbox.DueAsync(now, 100, Ct));
        Assert.Equal("broken", (await outbox.FindEndpointAsync("a", Ct))!.DisabledReason);

        Assert.True(await outbox.SetEnabledAsync("a", true, null, Ct));
        var enabled = (await outbox.FindEndpointAsync("a", Ct))!;
        Assert.True(enabled.Enabled);
        Assert.Null(enabled.FailingSince);
        Assert.Single(await outbox.DueAsync(now, 100, Ct));
        Assert.False(await outbox.SetEnabledAsync("missing", true, null, Ct));
    }

    [Fact]
    public async Task EnqueuedAlertsAreDueInTheirOrderAndARepeatedEnqueueAddsNothing()
    {
        var (_, outbox) = await OpenAsync();
        await outbox.AddEndpointAsync(Endpoint("a", WebhookSubscription.Alerts), Ct);
        OutboxEvent Alert(string id, int n) => new()
        {
            EventId = id,
            EndpointId = "a",
            Stream = OutboxEvent.AlertStream,
            Sequence = n,
            Type = "alert.fired",
            Payload = "{}",
            CreatedAt = T0.AddSeconds(n),
            NextAttemptAt = T0,
        };
        await outbox.EnqueueAsync([Alert("evt_1", 1), Alert("evt_2", 2)], Ct);
        await outbox.EnqueueAsync([Alert("evt_1", 1)], Ct);

        var delivered = await DrainInOrderAsync(outbox, T0);
        Assert.Equal(["evt_1", "evt_2"], delivered.Select(e => e.EventId));
    }

    [Fact]
    public async Task RemovingAnEndpointRemovesItsEventsAndLog()
    {
        var (messages, outbox) = await OpenAsync();
        await outbox.AddEndpointAsync(Endpoint("a", WebhookSubscription.StatusChanges), Ct);
        await messages.AddAsync(TestMessages.Stored(8, MessageStatus.Queued, sid: "SM_outbox_8"), Ct);
        await outbox.DeleteEndpointAsync("a", Ct);

        Assert.Null(await outbox.FindEndpointAsync("a", Ct));
        Assert.Empty(await outbox.ListEndpointsAsync(Ct));
        Assert.Equal(0, await outbox.PendingCountAsync("a", Ct));
        Assert.Empty(await outbox.AttemptsAsync("a", 10, Ct));
    }
}
