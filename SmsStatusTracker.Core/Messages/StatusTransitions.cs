namespace SmsStatusTracker.Core.Messages;

/// <summary>
/// The one place that decides what a status observation does to a message. Callbacks can arrive late,
/// twice or out of order; every observation lands in the history, but the status only moves forward.
/// </summary>
public static class StatusTransitions
{
    /// <summary>
    /// Records <paramref name="observation"/> the way stores keep it: an exact repeat of one already in the
    /// history (see <see cref="Repeats"/>) changes nothing and returns <paramref name="message"/> itself, so the
    /// caller can tell that nothing needs storing or broadcasting; anything else is applied and the history
    /// folded to <paramref name="historyLimit"/> entries (<see cref="StatusHistory"/>).
    /// </summary>
    public static Message Record(Message message, StatusEvent observation, int historyLimit = StatusHistory.DefaultLimit) =>
        message.History.Any(seen => Repeats(observation, seen))
            ? message
            : StatusHistory.Fold(Apply(message, observation), historyLimit);

    /// <summary>
    /// Whether <paramref name="observation"/> is the same report as <paramref name="seen"/>: same status and error
    /// code, and either the same idempotency token (Twilio's own retry) or the same signed content from the same
    /// source (a replayed request; the token header is not covered by the signature, so it cannot tell replays apart).
    /// </summary>
    public static bool Repeats(StatusEvent observation, StatusEvent seen) =>
        string.Equals(seen.RawStatus, observation.RawStatus, StringComparison.OrdinalIgnoreCase)
        && seen.ErrorCode == observation.ErrorCode
        && ((observation.IdempotencyToken is { } token && seen.IdempotencyToken == token)
            || (seen.Source == observation.Source && seen.RawDlrDoneDate == observation.RawDlrDoneDate));

    /// <summary>Returns the message with <paramref name="observation"/> applied and recorded.</summary>
    public static Message Apply(Message message, StatusEvent observation)
    {
        var outcome = Decide(message, observation);
        var recorded = observation with { Outcome = outcome };
        var next = message with
        {
            History = [.. message.History, recorded],
            UpdatedAt = Max(message.UpdatedAt, observation.ReceivedAt),
            Version = message.Version + 1,
        };

        if (outcome is StatusEventOutcome.Duplicate or StatusEventOutcome.Unrecognized)
        {
            return next;
        }

        var status = observation.Status!.Value;
        next = next with
        {
            // Timestamps and the carrier's report time are facts even when they arrive after a later status.
            SentAt = next.SentAt ?? (status == MessageStatus.Sent ? observation.ReceivedAt : null),
            DeliveredAt = next.DeliveredAt ?? (status == MessageStatus.Delivered ? observation.ReceivedAt : null),
            RawDlrDoneDate = next.RawDlrDoneDate ?? observation.RawDlrDoneDate,
        };

        if (outcome != StatusEventOutcome.Applied)
        {
            return next;
        }

        return next with
        {
            Status = status,
            // An error once recorded stays unless a newer applied status brings its own.
            ErrorCode = observation.ErrorCode ?? next.ErrorCode,
            ErrorMessage = observation.ErrorCode is null ? next.ErrorMessage : observation.ErrorMessage,
        };
    }

    public static StatusEventOutcome Decide(Message message, StatusEvent observation)
    {
        if (observation.IdempotencyToken is { } token && message.History.Any(seen => seen.IdempotencyToken == token))
        {
            return StatusEventOutcome.Duplicate;
        }

        if (observation.Status is not { } status)
        {
            return StatusEventOutcome.Unrecognized;
        }

        if (message.History.Any(seen => seen.Status == status && seen.Outcome != StatusEventOutcome.Unrecognized))
        {
            return StatusEventOutcome.Duplicate;
        }

        return StatusRank.CanMove(message.Status, status) ? StatusEventOutcome.Applied : StatusEventOutcome.Late;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}
