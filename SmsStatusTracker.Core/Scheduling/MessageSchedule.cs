namespace SmsStatusTracker.Core.Scheduling;

/// <summary>
/// When a scheduled message is to be sent, by whom, and which way: through Twilio's own scheduling
/// (<see cref="ViaTwilio"/>: a Messaging Service and a time 15 minutes to 35 days ahead) or held by the app and
/// sent by <see cref="ScheduledSendJob"/>. Kept on the message (<see cref="Messages.Message.Schedule"/>).
/// </summary>
public sealed record MessageSchedule
{
    /// <summary>When the message is due: the time asked for, or the end of the recipient's quiet hours after it.</summary>
    public required DateTimeOffset SendAt { get; init; }

    /// <summary>The time asked for (null for an immediate send that quiet hours held).</summary>
    public DateTimeOffset? RequestedFor { get; init; }

    /// <summary>Twilio holds it (SendAt, ScheduleType=fixed); otherwise the app does.</summary>
    public bool ViaTwilio { get; init; }

    /// <summary>Whether quiet hours moved <see cref="SendAt"/> past the time asked for.</summary>
    public bool HeldForQuietHours { get; init; }

    /// <summary>The scheduling user, re-checked with <see cref="Accounts.ActorAuthorizer"/> when the app sends it.</summary>
    public required string UserId { get; init; }

    public Guid? ApiKeyId { get; init; }

    /// <summary>App-held only: when the job claimed it to call Twilio (the send's start for reconciliation).</summary>
    public DateTimeOffset? ClaimedAt { get; init; }

    /// <summary>App-held only: which claim won, so a job instance knows the claim it reads back is its own.</summary>
    public Guid? ClaimId { get; init; }
}
