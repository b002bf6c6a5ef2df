using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Web.Simulator;

/// <summary>A message as the simulated Twilio knows it: the truth that fetches return, callbacks or not.</summary>
public sealed record SimulatedMessage
{
    public required string Sid { get; init; }

    public required string AccountSid { get; init; }

    public required string To { get; init; }

    public string? From { get; init; }

    public string? MessagingServiceSid { get; init; }

    public required string Body { get; init; }

    public required int Segments { get; init; }

    public Uri? StatusCallback { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    /// <summary>When a scheduled message (ScheduleType=fixed) is to be sent; null for one sent at once.</summary>
    public DateTimeOffset? SendAt { get; init; }

    public MessageStatus Status { get; init; } = MessageStatus.Queued;

    public int? ErrorCode { get; init; }
}
