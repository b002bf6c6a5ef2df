using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.StatusCallbacks;

/// <summary>A status for the message Twilio calls <paramref name="Sid"/>; <paramref name="MessageId"/> is our id when the callback URL carried it.</summary>
public sealed record StatusObservation(string Sid, Guid? MessageId, StatusEvent Event);
