namespace SmsStatusTracker.Core.Messages;

/// <summary>
/// How far along its life a status is. A status only ever moves to a higher rank, and a final status
/// only ever moves on to <c>read</c> (after <c>delivered</c>).
/// </summary>
public static class StatusRank
{
    public static int Of(MessageStatus status) => status switch
    {
        MessageStatus.Created or MessageStatus.OutcomeUnknown => 0,
        MessageStatus.Accepted => 1,
        MessageStatus.Scheduled => 2,
        MessageStatus.Queued => 3,
        MessageStatus.Sending or MessageStatus.Receiving => 4,
        MessageStatus.Sent => 5,
        MessageStatus.PartiallyDelivered => 6,
        MessageStatus.Delivered or MessageStatus.Undelivered or MessageStatus.Failed
            or MessageStatus.Canceled or MessageStatus.Received => 7,
        MessageStatus.Read => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool IsFinal(MessageStatus status) => Of(status) >= 7;

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
