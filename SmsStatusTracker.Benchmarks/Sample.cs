using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Benchmarks;

internal static class Sample
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow;

    /// <summary>A realistic message: a short body and the history a sent message has before its last callback.</summary>
    public static Message Message(int i, string? sid) => new()
    {
        Id = Guid.CreateVersion7(),
        Sid = sid,
        To = "+15005550006",
        From = "+15005550006",
        Body = $"Your order #{100000 + i} has shipped and arrives tomorrow.",
        Segments = 1,
        Status = MessageStatus.Sent,
        SentBy = "bench@example.com",
        CreatedAt = Start,
        UpdatedAt = Start,
        History =
        [
            new StatusEvent { RawStatus = "created", Source = StatusEventSource.Local, ReceivedAt = Start },
            new StatusEvent { RawStatus = "queued", Source = StatusEventSource.SendResponse, ReceivedAt = Start },
            new StatusEvent { RawStatus = "sent", Source = StatusEventSource.Callback, ReceivedAt = Start, IdempotencyToken = Guid.NewGuid().ToString("N") },
        ],
    };
}
