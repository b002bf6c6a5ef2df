using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Twilio;

namespace SmsStatusTracker.Core.Sending;

/// <summary>
/// How long after it was stored a message still <c>created</c> may have its send under way: two Twilio request
/// timeouts. Until then reconciliation leaves it to its sender, and a retry with its idempotency key is told to wait.
/// </summary>
public static class SendInFlight
{
    public static TimeSpan Window(TwilioOptions twilio) => twilio.RequestTimeout * 2;

    /// <summary>True while <paramref name="message"/> has no answer from Twilio and its sender may still be waiting for one.</summary>
    public static bool MayBeUnderWay(Message message, DateTimeOffset now, TwilioOptions twilio) =>
        message.Status == MessageStatus.Created && message.Sid is null && now - Scheduling.ScheduledTimes.AskedTwilioAt(message) < Window(twilio);
}
