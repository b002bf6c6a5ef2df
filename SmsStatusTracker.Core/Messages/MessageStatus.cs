namespace SmsStatusTracker.Core.Messages;

/// <summary>
/// A message's status: Twilio's thirteen statuses plus two local ones that exist before Twilio has answered.
/// </summary>
public enum MessageStatus
{
    /// <summary>Recorded locally; Twilio has not been asked yet (or its answer has not arrived).</summary>
    Created,

    /// <summary>The request to Twilio may or may not have reached it (timeout, dropped connection); reconciliation decides.</summary>
    OutcomeUnknown,

    Accepted,
    Scheduled,
    Canceled,
    Queued,
    Sending,
    Sent,
    Failed,
    Delivered,
    Undelivered,
    Receiving,
    Received,
    Read,
    PartiallyDelivered,
}
