using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Diagnostics;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;

namespace SmsStatusTracker.Core.StatusCallbacks;

/// <summary>
/// Records status observations (callbacks, polls) on their messages through <see cref="StatusTransitions"/>.
/// Returns only once the observation is durably stored; a store failure propagates so the caller can answer 5xx.
/// An exact repeat of a recorded observation (a retry, a replay) is acknowledged without being stored or
/// broadcast again. The options and metrics are optional so a host without them (component tests) gets the defaults.
/// </summary>
public sealed class StatusRecorder(
    IMessageStore store,
    IMessageChangeNotifier notifier,
    ILogger<StatusRecorder> logger,
    IOptions<StatusCallbackOptions>? options = null,
    TrackerMetrics? metrics = null,
    OptOuts.OptOutLedger? optOuts = null)
{
    private int HistoryLimit => options?.Value.HistoryLimit ?? StatusHistory.DefaultLimit;

    public async Task<StatusRecordOutcome> RecordAsync(StatusObservation observation, CancellationToken cancellationToken)
    {
        var limit = HistoryLimit;
        var repeated = false;
        Message Record(Message current)
        {
            var named = current.Sid is null ? current with { Sid = observation.Sid } : current;
            var next = StatusTransitions.Record(named, observation.Event, limit);
            repeated = ReferenceEquals(next, current);
            return next;
        }

        // The usual case, a callback for a message that has its SID: found and changed in one store call.
        var updated = await store.UpdateBySidAsync(observation.Sid, Record, cancellationToken);
        if (updated is null && observation.MessageId is { } id)
        {
            // A callback that beat Twilio's send response: its message is known only by our id, still without a SID.
            var message = await store.FindAsync(id, cancellationToken);
            if (message?.Sid is { } knownSid && knownSid != observation.Sid)
            {
                logger.LogWarning("Callback for {Sid} names message {MessageId}, which is {KnownSid}; parking it", observation.Sid, id, knownSid);
            }
            else if (message is not null)
            {
                updated = await store.UpdateAsync(message.Id, Record, cancellationToken);
                if (updated is null)
                {
                    return StatusRecordOutcome.Recorded;
                }
            }
        }

        if (updated is null)
        {
            return await ParkAsync(observation, cancellationToken);
        }

        // Before answering, on repeats too: a 503 after the message was updated but before the ledger was is completed by Twilio's retry.
        await RecordUnsubscribedAsync(updated, observation.Sid, observation.Event, cancellationToken);

        if (repeated)
        {
            metrics?.Repeated(observation.Event.Source);
            logger.LogDebug("Status {RawStatus} from {Source} for message {MessageId} ({Sid}) repeats one already recorded; not stored again",
                observation.Event.RawStatus, observation.Event.Source, updated.Id, updated.Sid);
            return StatusRecordOutcome.Repeated;
        }

        LogRecorded(updated, observation.Event);
        await notifier.NotifySafelyAsync(logger, updated, MessageChangeKind.StatusChanged, cancellationToken);
        return StatusRecordOutcome.Recorded;
    }

    /// <summary>Applies every parked observation for <paramref name="sid"/> once a message carries that SID.</summary>
    public async Task ApplyParkedAsync(string sid, CancellationToken cancellationToken)
    {
        // The message first: for a SID still unknown (every callback that has just been parked) that one indexed
        // lookup ends it, without reading and decoding the parked events.
        var message = await store.FindBySidAsync(sid, cancellationToken);
        if (message is null)
        {
            return;
        }

        var parked = await store.FindParkedAsync(sid, cancellationToken);
        if (parked.Count == 0)
        {
            return;
        }

        var limit = HistoryLimit;
        var changed = false;
        var updated = await store.UpdateAsync(
            message.Id,
            current =>
            {
                var next = parked.OrderBy(p => p.Event.ReceivedAt).Aggregate(current, (acc, p) => StatusTransitions.Record(acc, p.Event, limit));
                changed = !ReferenceEquals(next, current);
                return next;
            },
            cancellationToken);

        // Removing after applying: a crash in between re-applies them later as repeats, which change nothing.
        await store.RemoveParkedAsync(parked.Select(p => p.Id).ToArray(), cancellationToken);
        foreach (var unsubscribed in parked.Where(p => p.Event.ErrorCode == OptOuts.OptOutLedger.TwilioUnsubscribedCode).Take(1))
        {
            await RecordUnsubscribedAsync(updated ?? message, sid, unsubscribed.Event, cancellationToken);
        }

        if (updated is not null && changed)
        {
            logger.LogInformation("Applied {Count} parked status events to message {MessageId} ({Sid})", parked.Count, updated.Id, sid);
            await notifier.NotifySafelyAsync(logger, updated, MessageChangeKind.StatusChanged, cancellationToken);
        }
    }

    private async Task<StatusRecordOutcome> ParkAsync(StatusObservation observation, CancellationToken cancellationToken)
    {
        // A replayed callback for an unknown SID must not pile up parked copies until they expire.
        var alreadyParked = await store.FindParkedAsync(observation.Sid, cancellationToken);
        if (alreadyParked.Any(p => StatusTransitions.Repeats(observation.Event, p.Event)))
        {
            metrics?.Repeated(observation.Event.Source);
            logger.LogDebug("Status {RawStatus} for unknown {Sid} is already parked; not parked again", observation.Event.RawStatus, observation.Sid);
            await ApplyParkedAsync(observation.Sid, cancellationToken);
            return StatusRecordOutcome.Repeated;
        }

        await store.ParkAsync(new ParkedStatusEvent(ParkedId(observation), observation.Sid, observation.Event), cancellationToken);
        logger.LogInformation("Parked {Status} for unknown {Sid} until its message is known", observation.Event.RawStatus, observation.Sid);
        // The send response may have stored the SID between our lookup and the park: drain now so nothing strands.
        await ApplyParkedAsync(observation.Sid, cancellationToken);
        return StatusRecordOutcome.Parked;
    }

    /// <summary>
    /// The same id for the same report (what <see cref="StatusTransitions.Repeats"/> calls a repeat from one source):
    /// two copies that arrive together, such as a retry racing its original, both pass the check above, and the
    /// store then keeps one, ignoring an insert whose id it already has.
    /// </summary>
    private static Guid ParkedId(StatusObservation observation)
    {
        var seen = observation.Event;
        var key = $"{observation.Sid}\n{seen.RawStatus.ToLowerInvariant()}\n{seen.ErrorCode}\n{seen.Source}\n{seen.RawDlrDoneDate}";
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return new Guid(hash[..16]);
    }

    /// <summary>A 21610 (the recipient unsubscribed at Twilio) marks the recipient opted out in the ledger, once per SID.</summary>
    private async Task RecordUnsubscribedAsync(Message message, string sid, StatusEvent observed, CancellationToken cancellationToken)
    {
        if (optOuts is not null && observed.ErrorCode == OptOuts.OptOutLedger.TwilioUnsubscribedCode)
        {
            await optOuts.RecordTwilioUnsubscribedAsync(message.To, sid, cancellationToken);
        }
    }

    private void LogRecorded(Message message, StatusEvent observation)
    {
        // Checked first: the arguments are boxed into an array before the logger would look at its level.
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var outcome = message.History[^1].Outcome;
        logger.LogInformation(
            "Status {RawStatus} from {Source} for message {MessageId} ({Sid}): {Outcome}, now {Status}",
            observation.RawStatus, observation.Source, message.Id, message.Sid, outcome, message.Status);
    }
}
