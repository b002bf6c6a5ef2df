using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Storage;

/// <summary>
/// Times as every store keeps them: whole milliseconds (BSON dates hold no more, and the SQLite columns the listing
/// sorts on are milliseconds too). Stores normalise what they write, so the message an update returns, the one a
/// read returns and the one another instance reads are the same, whatever the clock's resolution.
/// </summary>
public static class StoredTimes
{
    public static DateTimeOffset ToMilliseconds(DateTimeOffset time) => time.AddTicks(-(time.UtcTicks % TimeSpan.TicksPerMillisecond));

    public static Message ToMilliseconds(Message message) => message with
    {
        CreatedAt = ToMilliseconds(message.CreatedAt),
        UpdatedAt = ToMilliseconds(message.UpdatedAt),
        SentAt = message.SentAt is { } sentAt ? ToMilliseconds(sentAt) : null,
        DeliveredAt = message.DeliveredAt is { } deliveredAt ? ToMilliseconds(deliveredAt) : null,
        ReconciliationGaveUpAt = message.ReconciliationGaveUpAt is { } gaveUpAt ? ToMilliseconds(gaveUpAt) : null,
        History = message.History.Select(ToMilliseconds).ToArray(),
        Schedule = message.Schedule is { } schedule
            ? schedule with
            {
                SendAt = ToMilliseconds(schedule.SendAt),
                RequestedFor = schedule.RequestedFor is { } requested ? ToMilliseconds(requested) : null,
                ClaimedAt = schedule.ClaimedAt is { } claimed ? ToMilliseconds(claimed) : null,
            }
            : null,
    };

    public static StatusEvent ToMilliseconds(StatusEvent statusEvent) =>
        statusEvent with { ReceivedAt = ToMilliseconds(statusEvent.ReceivedAt) };
}
