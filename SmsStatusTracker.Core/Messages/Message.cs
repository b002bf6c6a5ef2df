namespace SmsStatusTracker.Core.Messages;

/// <summary>
/// One outbound SMS as we know it: what was asked, what Twilio answered, and every status observation since.
/// Immutable: <see cref="StatusTransitions"/> produces the next version, stores persist it atomically.
/// </summary>
public sealed record Message
{
    public required Guid Id { get; init; }

    /// <summary>Twilio's message SID (SM…); null until Twilio answers or a callback names it.</summary>
    public string? Sid { get; init; }

    public required string To { get; init; }

    /// <summary>The sending number, or the Messaging Service SID (MG…) it was sent through.</summary>
    public required string From { get; init; }

    public required string Body { get; init; }

    public int Segments { get; init; }

    public SmsEncoding Encoding { get; init; }

    public MessageStatus Status { get; init; } = MessageStatus.Created;

    public int? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    /// <summary>Who sent the message: the user's email, and for an API key also the key's name (<see cref="Accounts.ActingUser.Label"/>).</summary>
    public required string SentBy { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    public DateTimeOffset? DeliveredAt { get; init; }

    public string? RawDlrDoneDate { get; init; }

    /// <summary>The failed or undelivered message this one was sent again for, when it is a resend.</summary>
    public Guid? ResentFromId { get; init; }

    public IReadOnlyList<StatusEvent> History { get; init; } = [];

    /// <summary>Set for a message sent at a chosen time (or held for the recipient's quiet hours).</summary>
    public Scheduling.MessageSchedule? Schedule { get; init; }

    /// <summary>
    /// How many older observations were folded out of <see cref="History"/> to keep it bounded
    /// (see <see cref="StatusHistory"/>): the history shown is the first entry and the newest ones.
    /// </summary>
    public int FoldedHistoryCount { get; init; }

    /// <summary>
    /// When reconciliation stopped asking Twilio about this message because it was still not final after
    /// the configured horizon: its status is unresolved. Null while reconciliation still tries (or never had to).
    /// </summary>
    public DateTimeOffset? ReconciliationGaveUpAt { get; init; }

    /// <summary>Incremented on every stored change; stores use it for optimistic concurrency.</summary>
    public long Version { get; init; }

    public bool IsFinal => StatusRank.IsFinal(Status);
}
