namespace SmsStatusTracker.Core.Messages;

/// <summary>
/// How far along its life a status is. A status only ever moves to a higher rank, and a final status
/// only ever moves on to <c>read</c> (after <c>delivered</c>).
/// </summary>
public static class StatusRank
{
    public static int Of(MessageStatus status) => status switch
    {
        MessageStatus.Created => 0,
        // Above created, so a send whose outcome is unknown is visibly marked so; below every Twilio status.
        MessageStatus.OutcomeUnknown => 1,
        MessageStatus.Accepted => 2,
        MessageStatus.Scheduled => 3,
        MessageStatus.Queued => 4,
        MessageStatus.Sending or MessageStatus.Receiving => 5,
        MessageStatus.Sent => 6,
        MessageStatus.PartiallyDelivered => 7,
        MessageStatus.Delivered or MessageStatus.Undelivered or MessageStatus.Failed
            or MessageStatus.Canceled or MessageStatus.Received => 8,
        MessageStatus.Read => 9,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool IsFinal(MessageStatus status) => Of(status) >= 8;

    /// <summary>Whether a message in <paramref name="current"/> may move to <paramref name="next"/>.</summary>
    public static bool CanMove(MessageStatus current, MessageStatus next)
    {
        if (IsFinal(current))
        {
            return current == MessageStatus.Delivered && next == MessageStatus.Read;
        }

        return Of(next) > Of(current);
    }
}
