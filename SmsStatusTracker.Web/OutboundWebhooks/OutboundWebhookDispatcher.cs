using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Coordination;
using SmsStatusTracker.Core.OutboundWebhooks;

namespace SmsStatusTracker.Web.OutboundWebhooks;

/// <summary>
/// Delivers the outbox while this replica holds the <see cref="LeaseNames.OutboundWebhooks"/> lease. Each round
/// takes the due events (the store hands out only the earliest pending event of each endpoint and stream, so one
/// message's events reach an endpoint in order) and delivers them with bounded concurrency; each outcome is
/// recorded before the next round. An event is marked delivered only after its 2xx, so a crash mid-delivery
/// delivers it again (at least once, with the same <c>webhook-id</c>). Endpoints failing persistently are disabled
/// and the Admins emailed (<see cref="WebhookDisabledNotifier"/>).
/// </summary>
public sealed class OutboundWebhookDispatcher(
    IOutboxStore store,
    WebhookDelivery delivery,
    WebhookSecrets secrets,
    WebhookDisabledNotifier notifier,
    LeaseRunner leases,
    IOptionsMonitor<OutboundWebhookOptions> options,
    TimeProvider time,
    ILogger<OutboundWebhookDispatcher> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        leases.RunWhileHeldAsync(LeaseNames.OutboundWebhooks, DispatchAsync, stoppingToken);

    private async Task DispatchAsync(CancellationToken held)
    {
        while (!held.IsCancellationRequested)
        {
            var settings = options.CurrentValue;
            var delivered = 0;
            try
            {
                delivered = await RunRoundAsync(settings, held);
            }
            catch (OperationCanceledException) when (held.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The store may be briefly unavailable; the events are durable, so the next round picks them up.
                logger.LogError(exception, "An outbound webhook round failed; trying again in {Interval}", settings.PollInterval);
            }

            if (delivered == 0)
            {
                await Task.Delay(settings.PollInterval, time, held);
            }
        }
    }

    /// <summary>One round: how many events were attempted.</summary>
    private async Task<int> RunRoundAsync(OutboundWebhookOptions settings, CancellationToken held)
    {
        var due = await store.DueAsync(time.GetUtcNow(), settings.Concurrency * 4, held);
        if (due.Count == 0)
        {
            return 0;
        }

        var endpoints = new Dictionary<string, (WebhookEndpoint Endpoint, string? Secret)>();
        foreach (var endpointId in due.Select(e => e.EndpointId).Distinct())
        {
            if (await store.FindEndpointAsync(endpointId, held) is { Enabled: true } endpoint)
            {
                endpoints[endpointId] = (endpoint, UnprotectOrNull(endpoint));
            }
        }

        var disabled = new HashSet<string>();
        await Parallel.ForEachAsync(
            due.Where(e => endpoints.ContainsKey(e.EndpointId)),
            new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = held },
            async (outboxEvent, ct) =>
            {
                var (endpoint, secret) = endpoints[outboxEvent.EndpointId];
                lock (disabled)
                {
                    if (disabled.Contains(endpoint.Id))
                    {
                        return;
                    }
                }

                if (await DeliverAsync(endpoint, secret, outboxEvent, settings, ct) is not null)
                {
                    lock (disabled)
                    {
                        disabled.Add(endpoint.Id);
                    }
                }
            });
        return due.Count;
    }

    /// <summary>Delivers and records one event; returns why the endpoint was disabled, or null.</summary>
    private async Task<string?> DeliverAsync(WebhookEndpoint endpoint, string? secret, OutboxEvent outboxEvent, OutboundWebhookOptions settings, CancellationToken held)
    {
        var attemptedAt = time.GetUtcNow();
        var result = secret is null
            ? new DeliveryResult(null, 0, "The endpoint's secret cannot be decrypted (was the Data Protection key ring lost?); register the endpoint again.")
            : await delivery.SendAsync(endpoint, secret, outboxEvent, held);
        var outcome = result.Classify();
        DateTimeOffset? retryAt = null;
        if (outcome == OutboxEventState.Pending)
        {
            retryAt = RetrySchedule.NextAttempt(outboxEvent, outboxEvent.Attempts + 1, time.GetUtcNow(), settings, RandomNumberGenerator.GetInt32(1001) / 1000.0);
            outcome = retryAt is null ? OutboxEventState.Failed : OutboxEventState.Pending;
        }

        var attempt = new DeliveryAttempt(
            endpoint.Id, outboxEvent.EventId, outboxEvent.Type, attemptedAt, outcome, result.StatusCode, result.LatencyMilliseconds, DeliveryAttempt.Truncate(result.Error));
        // Recorded even when the lease was lost meanwhile: the receiver already has the outcome.
        var now = await store.RecordAttemptAsync(outboxEvent, attempt, retryAt, CancellationToken.None);
        if (outcome != OutboxEventState.Delivered)
        {
            logger.LogWarning(
                "Outbound webhook {EventId} to endpoint {Endpoint}: {Outcome} ({Error}){Retry}",
                outboxEvent.EventId, endpoint.Id, outcome, attempt.Error, retryAt is { } at ? $"; next attempt at {at:u}" : "");
        }

        if (now is not { Enabled: true } || DisableReason(now, attemptedAt, settings) is not { } reason)
        {
            return null;
        }

        await store.SetEnabledAsync(now.Id, enabled: false, reason, CancellationToken.None);
        logger.LogError("Outbound webhook endpoint {Endpoint} ({Url}) was disabled: {Reason}", now.Id, now.Url, reason);
        await notifier.NotifyAsync(now, reason, CancellationToken.None);
        return reason;
    }

    public static string? DisableReason(WebhookEndpoint endpoint, DateTimeOffset now, OutboundWebhookOptions settings)
    {
        if (endpoint.ConsecutiveFailedEvents >= settings.DisableAfterFailedEvents)
        {
            return $"{endpoint.ConsecutiveFailedEvents} events in a row could not be delivered.";
        }

        return endpoint.FailingSince is { } since && now - since >= settings.DisableAfterFailingFor
            ? $"Every delivery attempt since {since.UtcDateTime:u} failed."
            : null;
    }

    private string? UnprotectOrNull(WebhookEndpoint endpoint)
    {
        try
        {
            return secrets.Unprotect(endpoint.ProtectedSecret);
        }
        catch (CryptographicException)
        {
            logger.LogError("The secret of outbound webhook endpoint {Endpoint} cannot be decrypted with the current key ring", endpoint.Id);
            return null;
        }
    }
}
