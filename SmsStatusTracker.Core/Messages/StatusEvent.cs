namespace SmsStatusTracker.Core.Messages;

/// <summary>One status observation in a message's history: a send response, callback or poll result.</summary>
public sealed record StatusEvent
{
    /// <summary>Twilio's status name as received, kept even when it is not recognised.</summary>
    public required string RawStatus { get; init; }

    public MessageStatus? Status => MessageStatusNames.TryParse(RawStatus, out var status) ? status : null;

    public required StatusEventSource Source { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public int? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    /// <summary>Twilio's <c>I-Twilio-Idempotency-Token</c> header, present on callbacks (same on retries).</summary>
    public string? IdempotencyToken { get; init; }

    /// <summary>The carrier's delivery-report time as Twilio passes it (<c>RawDlrDoneDate</c>, YYMMDDhhmm).</summary>
    public string? RawDlrDoneDate { get; init; }

    public StatusEventOutcome Outcome { get; init; } = StatusEventOutcome.Applied;
}
