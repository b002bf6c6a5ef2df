using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Scheduling;

/// <summary>The times reconciliation reads a scheduled message by, so it neither asks Twilio too early nor gives up on a message not yet due.</summary>
public static class ScheduledTimes
{
    /// <summary>When Twilio was (or is to be) asked to create the message: the job's claim for an app-held message, else when it was stored.</summary>
    public static DateTimeOffset AskedTwilioAt(Message message) => message.Schedule?.ClaimedAt ?? message.CreatedAt;

    /// <summary>When the message's life at Twilio starts: the claim, the scheduled time, or when it was stored.</summary>
    public static DateTimeOffset LifeStartedAt(Message message) =>
        message.Schedule?.ClaimedAt ?? message.Schedule?.SendAt ?? message.CreatedAt;

    /// <summary>True while there is nothing to ask Twilio: held by the app, or held by Twilio until a time still ahead.</summary>
    public static bool WaitsForItsTime(Message message, DateTimeOffset now) =>
        message.Status == MessageStatus.Scheduled && (message.Sid is null || message.Schedule?.SendAt > now);
}
