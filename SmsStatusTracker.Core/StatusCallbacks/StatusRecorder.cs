using Microsoft.Extensions.Logging;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;

namespace SmsStatusTracker.Core.StatusCallbacks;

/// <summary>
/// Records status observations (callbacks, polls) on their messages through <see cref="StatusTransitions"/>.
/// Returns only once the observation is durably stored; a store failure propagates so the caller can answer 5xx.
/// </summary>
public sealed class StatusRecorder(IMessageStore store, IMessageChangeNotifier notifier, ILogger<StatusRecorder> logger)
{
    public async Task<StatusRecordOutcome> RecordAsync(StatusObservation observation, CancellationToken cancellationToken)
    {
        var message = await store.FindBySidAsync(observation.Sid, cancellationToken);
        if (message is null && observation.MessageId is { } id)
        {
            message = await store.FindAsync(id, cancellationToken);
            if (message?.Sid is { } knownSid && knownSid != observation.Sid)
            {
                logger.LogWarning("Callback for {Sid} names message {MessageId}, which is {KnownSid}; parking it", observation.Sid, id, knownSid);
                message = null;
            }
        }

        if (message is null)
        {
            await store.ParkAsync(new ParkedStatusEvent(Guid.CreateVersion7(), observation.Sid, observation.Event), cancellationToken);
            logger.LogInformation("Parked {Status} for unknown {Sid} until its message is known", observation.Event.RawStatus, observation.Sid);
            // The send response may have stored the SID between our lookup and the park: drain now so nothing strands.
            await ApplyParkedAsync(observation.Sid, cancellationToken);
            return StatusRecordOutcome.Parked;
        }

        var updated = await store.UpdateAsync(
            message.Id,
            current => StatusTransitions.Apply(current with { Sid = current.Sid ?? observation.Sid }, observation.Event),
            cancellationToken);

        if (updated is not null)
        {
            LogRecorded(updated, observation.Event);
            await notifier.NotifySafelyAsync(logger, updated, MessageChangeKind.StatusChanged, cancellationToken);
        }

        return StatusRecordOutcome.Recorded;
    }

    /// <summary>Applies every parked observation for <paramref name="sid"/> once a message carries that SID.</summary>
    public async Task ApplyParkedAsync(string sid, CancellationToken cancellationToken)
    {
        var parked = await store.FindParkedAsync(sid, cancellationToken);
        if (parked.Count == 0)
        {
            return;
        }

        var message = await store.FindBySidAsync(sid, cancellationToken);
        if (message is null)
        {
            return;
        }

        var updated = await store.UpdateAsync(
            message.Id,
            current => parked.OrderBy(p => p.Event.ReceivedAt).Aggregate(current, (acc, p) => StatusTransitions.Apply(acc, p.Event)),
            cancellationToken);

        // Removing after applying: a crash in between re-applies them later as duplicates, which change nothing.
        await store.RemoveParkedAsync(parked.Select(p => p.Id).ToArray(), cancellationToken);
        if (updated is not null)
        {
            logger.LogInformation("Applied {Count} parked status events to message {MessageId} ({Sid})", parked.Count, updated.Id, sid);
            await notifier.NotifySafelyAsync(logger, updated, MessageChangeKind.StatusChanged, cancellationToken);
        }
    }

    private void LogRecorded(Message message, StatusEvent observation)
    {
        var outcome = message.History[^1].Outcome;
        logger.LogInformation(
            "Status {RawStatus} from {Source} for message {MessageId} ({Sid}): {Outcome}, now {Status}",
            observation.RawStatus, observation.Source, message.Id, message.Sid, outcome, message.Status);
    }
}
