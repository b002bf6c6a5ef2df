using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Tests.Messages;

/// <summary>Builds messages and status observations at fixed times, so tests never read the clock.</summary>
internal static class TestMessages
{
    public static readonly DateTimeOffset BaseTime = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static Message New() => new()
    {
        Id = Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff"),
        Sid = "SM0123456789abcdef0123456789abcdef",
        To = "+14155550123",
        From = "+15017122661",
        Body = "Your code is 1234",
        SentBy = "tester@example.com",
        CreatedAt = BaseTime,
        UpdatedAt = BaseTime,
    };

    /// <summary>A message that reached <paramref name="status"/> the ordinary way: one applied observation of it.</summary>
    public static Message InStatus(MessageStatus status)
    {
        var local = status is MessageStatus.Created or MessageStatus.OutcomeUnknown;
        var reached = new StatusEvent
        {
            RawStatus = status.ToWireName(),
            Source = local ? StatusEventSource.Local : StatusEventSource.Callback,
            ReceivedAt = BaseTime,
            IdempotencyToken = local ? null : $"reached-{status.ToWireName()}",
        };
        return New() with { Status = status, History = [reached], Version = 1 };
    }

    public static StatusEvent Callback(string rawStatus, int secondsAfterBase, int? errorCode = null, string? token = null) => new()
    {
        RawStatus = rawStatus,
        Source = StatusEventSource.Callback,
        ReceivedAt = BaseTime.AddSeconds(secondsAfterBase),
        ErrorCode = errorCode,
        ErrorMessage = errorCode is null ? null : $"Twilio error {errorCode}",
        IdempotencyToken = token ?? $"token-{rawStatus}-{secondsAfterBase}",
    };

    public static Message ApplyAll(Message message, params IEnumerable<StatusEvent> observations) =>
        observations.Aggregate(message, StatusTransitions.Apply);
}
