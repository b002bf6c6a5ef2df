using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Storage;

/// <summary>A callback that arrived before its message was known (it beat Twilio's send response).</summary>
public sealed record ParkedStatusEvent(Guid Id, string Sid, StatusEvent Event);
