namespace SmsStatusTracker.Core.Bulk;

/// <summary>Where a bulk job is in its life. Only <see cref="Running"/> jobs are worked on by <see cref="BulkJobRunner"/>.</summary>
public enum BulkJobState
{
    /// <summary>Preflight done, nothing sent: waits for the operator to confirm (start) or cancel.</summary>
    AwaitingConfirmation,
    Running,
    Paused,
    Canceled,
    Completed,
}

/// <summary>
/// A list of messages sent as one job, paced, row by row. The owner is the actor who created it: every row is sent
/// as them, so their right to send is re-checked per row (<see cref="Sending.SmsSender"/>).
/// </summary>
public sealed record BulkJob
{
    public required Guid Id { get; init; }

    /// <summary>The owner's user id (and API key, if they used one): the actor each row is sent as.</summary>
    public required string OwnerUserId { get; init; }

    public Guid? OwnerApiKeyId { get; init; }

    /// <summary>Who created it, for people ("ops@example.com").</summary>
    public required string CreatedBy { get; init; }

    /// <summary>Where the rows came from: the uploaded file's name, or "Resend failed (…)".</summary>
    public required string Source { get; init; }

    public required BulkJobState State { get; init; }

    /// <summary>Why the job is paused when the app (not a person) paused it, e.g. the owner lost the right to send.</summary>
    public string? PausedReason { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public required int TotalRows { get; init; }

    public Accounts.Actor Owner => new(OwnerUserId, SecurityStamp: null, ApiKeyId: OwnerApiKeyId);

    public bool IsFinished => State is BulkJobState.Canceled or BulkJobState.Completed;
}
