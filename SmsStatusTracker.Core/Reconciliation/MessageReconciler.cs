using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Diagnostics;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Sending;
using SmsStatusTracker.Core.StatusCallbacks;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Twilio;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;

namespace SmsStatusTracker.Core.Reconciliation;

/// <summary>
/// Settles messages callbacks never settled: asks Twilio's API about each unsettled message, at a bounded rate,
/// and records what it says through <see cref="StatusRecorder"/> as a <see cref="StatusEventSource.Poll"/>
/// observation, so the same transition rules and live notifications apply as for a callback.
/// </summary>
public sealed class MessageReconciler(
    IMessageStore store,
    StatusRecorder recorder,
    IMessageChangeNotifier notifier,
    IServiceProvider services,
    IOptions<ReconciliationOptions> options,
    IOptions<TwilioOptions> twilio,
    TrackerMetrics metrics,
    TimeProvider time,
    ILogger<MessageReconciler> logger)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<Guid, DateTimeOffset> nextCheck = new();
    private readonly SemaphoreSlim oneAtATime = new(1, 1);
    private DateTimeOffset nextRequest = DateTimeOffset.MinValue;

    /// <summary>Looks up every unsettled message that is due, oldest first, and returns what happened to each.</summary>
    public async Task<IReadOnlyList<ReconciliationCheck>> RunPassAsync(CancellationToken cancellationToken)
    {
        await oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var settings = options.Value;
            var candidates = await store.FindUnsettledAsync(time.GetUtcNow() - settings.MinAge, settings.BatchSize, cancellationToken);
            foreach (var forgotten in nextCheck.Keys.Except(candidates.Select(m => m.Id)).ToArray())
            {
                nextCheck.TryRemove(forgotten, out _);
            }

            // Built per pass on IHttpClientFactory, so handlers rotate as they should.
            var client = services.GetRequiredService<ITwilioRestClient>();
            var checks = new List<ReconciliationCheck>();
            foreach (var message in candidates)
            {
                if (nextCheck.TryGetValue(message.Id, out var due) && due > time.GetUtcNow() || Scheduling.ScheduledTimes.WaitsForItsTime(message, time.GetUtcNow()))
                {
                    continue;
                }

                var result = await ReconcileAsync(message, client, cancellationToken);
                checks.Add(new ReconciliationCheck(message.Id, result));
                metrics.Reconciled(result.ToString().ToLowerInvariant());
                if (result is ReconciliationResult.Unchanged or ReconciliationResult.Progressed or ReconciliationResult.Error)
                {
                    nextCheck[message.Id] = time.GetUtcNow() + Backoff(message);
                }
                else
                {
                    nextCheck.TryRemove(message.Id, out _);
                }
            }

            return checks;
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    private async Task<ReconciliationResult> ReconcileAsync(Message message, ITwilioRestClient client, CancellationToken cancellationToken)
    {
        try
        {
            return message.Sid is { } sid
                ? await ReconcileKnownAsync(message, sid, client, cancellationToken)
                : await ReconcileUnknownAsync(message, client, cancellationToken);
        }
        catch (Exception exception) when (exception is ApiException or ApiConnectionException or TimeoutException or HttpRequestException or StoreUnavailableException)
        {
            logger.LogWarning("Could not reconcile message {MessageId} ({Sid}): {Reason}", message.Id, message.Sid, exception.GetType().Name);
            return ReconciliationResult.Error;
        }
    }

    private async Task<ReconciliationResult> ReconcileKnownAsync(Message message, string sid, ITwilioRestClient client, CancellationToken cancellationToken)
    {
        MessageResource? resource;
        try
        {
            await WaitForTurnAsync(cancellationToken);
            resource = await MessageResource.FetchAsync(sid, client: client).WaitAsync(twilio.Value.RequestTimeout, time, cancellationToken);
        }
        catch (ApiException notFound) when (notFound.Status == 404)
        {
            resource = null;
        }

        var result = ReconciliationResult.Unchanged;
        if (resource?.Status is { } status)
        {
            var observation = PollEvent(status.ToString(), resource.ErrorCode, resource.ErrorMessage);
            if (IsNews(message, observation))
            {
                await recorder.RecordAsync(new StatusObservation(sid, message.Id, observation), cancellationToken);
                var now = await store.FindAsync(message.Id, cancellationToken);
                result = now?.IsFinal == true ? ReconciliationResult.Settled : ReconciliationResult.Progressed;
            }
        }

        if (result != ReconciliationResult.Settled && Age(message) >= options.Value.GiveUpAfter)
        {
            await GiveUpAsync(message, resource?.Status?.ToString(), cancellationToken);
            return ReconciliationResult.GaveUp;
        }

        return result;
    }

    private async Task<ReconciliationResult> ReconcileUnknownAsync(Message message, ITwilioRestClient client, CancellationToken cancellationToken)
    {
        // A message still "created" may have its send in flight right now: leave it to the sender until that surely timed out.
        if (SendInFlight.MayBeUnderWay(message, time.GetUtcNow(), twilio.Value))
        {
            return ReconciliationResult.Unchanged;
        }

        var match = await FindAtTwilioAsync(message, client, cancellationToken);
        if (match?.Status is { } status)
        {
            logger.LogInformation("Found message {MessageId} at Twilio as {Sid} ({Status}) after an unknown send outcome", message.Id, match.Sid, status.ToString());
            await recorder.RecordAsync(new StatusObservation(match.Sid, message.Id, PollEvent(status.ToString(), match.ErrorCode, match.ErrorMessage)), cancellationToken);
            await recorder.ApplyParkedAsync(match.Sid, cancellationToken);
            return ReconciliationResult.Linked;
        }

        var settings = options.Value;
        if (Age(message) < settings.AssumeNeverCreatedAfter)
        {
            return ReconciliationResult.Unchanged;
        }

        var text = $"Never sent: Twilio has no record of this message {Describe(settings.AssumeNeverCreatedAfter)} after the send was attempted.";
        var failed = new StatusEvent { RawStatus = MessageStatus.Failed.ToWireName(), Source = StatusEventSource.Local, ReceivedAt = time.GetUtcNow(), ErrorMessage = text };
        var updated = await store.UpdateAsync(
            message.Id,
            current => current.Sid is null && !current.IsFinal ? StatusTransitions.Apply(current, failed) with { ErrorMessage = text } : current,
            cancellationToken);
        if (updated is not null)
        {
            logger.LogWarning("Marked message {MessageId} failed: Twilio has no record of it", message.Id);
            await notifier.NotifySafelyAsync(logger, updated, MessageChangeKind.StatusChanged, cancellationToken);
        }

        return ReconciliationResult.NeverCreated;
    }

    /// <summary>
    /// Twilio's list filtered by recipient and sender, first by date sent, then (for messages Twilio has not
    /// sent yet, which have no date sent) without; matched on body and creation time, skipping SIDs another
    /// message already owns.
    /// </summary>
    private async Task<MessageResource?> FindAtTwilioAsync(Message message, ITwilioRestClient client, CancellationToken cancellationToken)
    {
        var skew = TimeSpan.FromMinutes(5);
        var earliest = Scheduling.ScheduledTimes.AskedTwilioAt(message) - skew;
        var latest = Scheduling.ScheduledTimes.AskedTwilioAt(message) + twilio.Value.RequestTimeout + skew;
        var from = message.From.StartsWith('+') ? new global::Twilio.Types.PhoneNumber(message.From) : null;
        foreach (var dateSentAfter in new DateTime?[] { earliest.UtcDateTime, null })
        {
            var read = new ReadMessageOptions { To = new global::Twilio.Types.PhoneNumber(message.To), From = from, DateSentAfter = dateSentAfter, PageSize = 50, Limit = 50 };
            await WaitForTurnAsync(cancellationToken);
            var page = await MessageResource.ReadAsync(read, client).WaitAsync(twilio.Value.RequestTimeout, time, cancellationToken);
            MessageResource? best = null;
            foreach (var candidate in page)
            {
                if (candidate.Body is not { } body || !(body == message.Body || body.EndsWith(message.Body, StringComparison.Ordinal))
                    || candidate.DateCreated is not { } created || Utc(created) < earliest || Utc(created) > latest
                    || await store.FindBySidAsync(candidate.Sid, cancellationToken) is not null)
                {
                    continue;
                }

                if (best is null || Distance(message, candidate) < Distance(message, best))
                {
                    best = candidate;
                }
            }

            if (best is not null)
            {
                return best;
            }
        }

        return null;
    }

    private async Task GiveUpAsync(Message message, string? lastTwilioStatus, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var reported = lastTwilioStatus is null ? "had no record of it" : $"still reported '{lastTwilioStatus}'";
        var text = $"Unresolved: Twilio {reported} {Describe(options.Value.GiveUpAfter)} after sending; reconciliation stopped checking.";
        var unresolved = new StatusEvent { RawStatus = DisplayedStatus.Unresolved, Source = StatusEventSource.Local, ReceivedAt = now, ErrorMessage = text };
        var updated = await store.UpdateAsync(
            message.Id,
            current => current.IsFinal || current.ReconciliationGaveUpAt is not null
                ? current
                : StatusTransitions.Apply(current, unresolved) with { ReconciliationGaveUpAt = now, ErrorMessage = current.ErrorMessage ?? text },
            cancellationToken);
        if (updated is not null)
        {
            logger.LogWarning("Gave up reconciling message {MessageId} ({Sid}): still {Status} after {GiveUpAfter}", message.Id, message.Sid, updated.Status, options.Value.GiveUpAfter);
            await notifier.NotifySafelyAsync(logger, updated, MessageChangeKind.StatusChanged, cancellationToken);
        }
    }

    private StatusEvent PollEvent(string rawStatus, int? errorCode, string? errorMessage) => new()
    {
        RawStatus = rawStatus.ToLowerInvariant(),
        Source = StatusEventSource.Poll,
        ReceivedAt = time.GetUtcNow(),
        ErrorCode = errorCode is > 0 ? errorCode : null,
        ErrorMessage = errorCode is > 0 ? errorMessage : null,
    };

    // Recording what is already known would only pad the history with duplicates on every pass.
    private static bool IsNews(Message message, StatusEvent observation) => StatusTransitions.Decide(message, observation) switch
    {
        StatusEventOutcome.Applied => true,
        StatusEventOutcome.Unrecognized => message.History.All(h => h.RawStatus != observation.RawStatus),
        _ => false,
    };

    /// <summary>Spreads requests to Twilio evenly: at most <see cref="ReconciliationOptions.MaxPerMinute"/>.</summary>
    private async Task WaitForTurnAsync(CancellationToken cancellationToken)
    {
        var spacing = TimeSpan.FromMinutes(1) / options.Value.MaxPerMinute;
        var now = time.GetUtcNow();
        if (nextRequest > now)
        {
            await Task.Delay(nextRequest - now, time, cancellationToken);
            now = nextRequest;
        }

        nextRequest = now + spacing;
    }

    // Young messages are asked about again soon, old ones less often: a stuck message costs a few dozen requests, not thousands.
    private TimeSpan Backoff(Message message)
    {
        var quarterAge = Age(message) / 4;
        var interval = options.Value.Interval;
        return quarterAge < interval ? interval : quarterAge > MaxBackoff ? MaxBackoff : quarterAge;
    }

    private TimeSpan Age(Message message) => time.GetUtcNow() - Scheduling.ScheduledTimes.LifeStartedAt(message);

    private static TimeSpan Distance(Message message, MessageResource candidate) => (Utc(candidate.DateCreated!.Value) - message.CreatedAt).Duration();

    // The SDK parses Twilio's RFC 2822 dates; treat an unspecified kind as the UTC Twilio sends.
    private static DateTimeOffset Utc(DateTime value) =>
        new(value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime());

    private static string Describe(TimeSpan span) => span.TotalHours >= 1 ? $"{span.TotalHours:0.#} h" : span.TotalMinutes >= 1 ? $"{span.TotalMinutes:0.#} min" : $"{span.TotalSeconds:0.#} s";
}
