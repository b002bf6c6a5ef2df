using System.Globalization;
using SmsStatusTracker.Core.Insights;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;

namespace SmsStatusTracker.Tests.Insights;

/// <summary>
/// Random messages and the callbacks and polls that settle them, the way Twilio really sends them: shuffled across
/// messages, some twice (Twilio's retries, same token), some late (a sent after a delivered), some contradicting an
/// earlier final status (a poll saying failed after a callback said undelivered), unknown statuses, carrier done dates.
/// </summary>
internal static class InsightWorkload
{
    private static readonly string[] Senders = ["+14155550100", "+14155550101", "MG0b5f7c1e2d3a4b5c6d7e8f9a0b1c2d3e"];
    private static readonly string[] Operators = ["ana@example.com", "ben@example.com", "api:crm (ana@example.com)"];
    private static readonly string[] Recipients = ["+14155550123", "+447700900123", "+4915123456789", "+61491570156", "+12425550123", "not-a-number"];
    private static readonly int[] ErrorCodes = [30003, 30005, 30007];

    public static Message Create(Random random, DateTimeOffset now, int n)
    {
        var createdAt = DateTimeOffset.FromUnixTimeMilliseconds((now - TimeSpan.FromMinutes(random.Next(0, 5 * 24 * 60)) - TimeSpan.FromMilliseconds(random.Next(60_000))).ToUnixTimeMilliseconds());
        var status = random.Next(10) == 0 ? MessageStatus.Failed : MessageStatus.Queued;
        return new Message
        {
            Id = Guid.NewGuid(),
            Sid = $"SM{n:D4}{Guid.NewGuid():N}",
            To = Recipients[random.Next(Recipients.Length)],
            From = Senders[random.Next(Senders.Length)],
            Body = $"Insights message {n}",
            SentBy = Operators[random.Next(Operators.Length)],
            CreatedAt = createdAt,
            UpdatedAt = createdAt,
            Status = status,
            ErrorCode = status == MessageStatus.Failed ? 21610 : null,
            History = [new StatusEvent { RawStatus = status.ToWireName(), Source = StatusEventSource.SendResponse, ReceivedAt = createdAt.AddMilliseconds(random.Next(50, 900)), ErrorCode = status == MessageStatus.Failed ? 21610 : null }],
        };
    }

    /// <summary>What Twilio (callbacks) and reconciliation (polls) will say about <paramref name="message"/>, in their own order.</summary>
    public static IEnumerable<(string Sid, StatusEvent Event)> Observations(Random random, Message message)
    {
        var sentAt = message.CreatedAt.AddMilliseconds(random.Next(100, 8_000));
        var doneAt = sentAt.AddSeconds(random.Next(0, 600));
        var done = random.Next(4) == 0 ? null : doneAt.UtcDateTime.ToString("yyMMddHHmm", CultureInfo.InvariantCulture);
        var events = new List<StatusEvent> { Event(random, "sent", StatusEventSource.Callback, sentAt) };
        var final = random.Next(10) switch { < 6 => "delivered", < 8 => "undelivered", _ => "failed" };
        var finalSource = random.Next(4) == 0 ? StatusEventSource.Poll : StatusEventSource.Callback;
        var finalAt = doneAt.AddSeconds(random.Next(1, 120));
        int? code = final == "delivered" ? null : ErrorCodes[random.Next(ErrorCodes.Length)];
        events.Add(Event(random, final, finalSource, finalAt, code, done));
        if (random.Next(4) == 0)
        {
            // A second opinion: a poll contradicting the callback, or the other way round.
            var other = final == "failed" ? "undelivered" : "failed";
            events.Add(Event(random, other, finalSource == StatusEventSource.Poll ? StatusEventSource.Callback : StatusEventSource.Poll, finalAt.AddSeconds(5), ErrorCodes[random.Next(ErrorCodes.Length)], done));
        }

        if (final == "delivered" && random.Next(5) == 0)
        {
            events.Add(Event(random, "read", StatusEventSource.Callback, finalAt.AddMinutes(3)));
        }

        if (random.Next(8) == 0)
        {
            events.Add(Event(random, "mystery_status", StatusEventSource.Callback, finalAt.AddSeconds(9)));
        }

        if (random.Next(6) == 0)
        {
            // Never settled: only the sent callback ever arrives.
            events.RemoveRange(1, events.Count - 1);
        }

        foreach (var e in events.ToArray())
        {
            if (random.Next(3) == 0)
            {
                events.Add(e); // Twilio's retry: the same token again.
            }
        }

        return events.Select(e => (message.Sid!, e));
    }

    public static void Shuffle<T>(Random random, IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static StatusEvent Event(Random random, string status, StatusEventSource source, DateTimeOffset at, int? code = null, string? done = null) => new()
    {
        RawStatus = status,
        Source = source,
        ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds()),
        ErrorCode = code,
        ErrorMessage = code is null ? null : $"Error {code}",
        IdempotencyToken = source == StatusEventSource.Callback ? Guid.NewGuid().ToString("N") : null,
        RawDlrDoneDate = done,
    };
}

/// <summary>The rollups recounted from the stored messages: what the stores' rows must add up to.</summary>
internal sealed class RecountedRollupRows(IReadOnlyList<Message> messages, DateTimeOffset now) : IInsightRollupRows
{
    public Task<IReadOnlyList<InsightRollupRow>> ReadAsync(InsightRowRange range, InsightFilter filter, CancellationToken cancellationToken)
    {
        var rows = messages
            .Where(m => InsightRollupChange.Targets(m).Contains(filter))
            .Where(m => range.Grain == InsightGrain.Hour || m.CreatedAt >= now - InsightGrains.MinuteRetention)
            .GroupBy(m => range.Grain.Floor(m.CreatedAt))
            .Where(g => g.Key >= range.From && g.Key < range.To)
            .Select(g => new InsightRollupRow(g.Key, g.SelectMany(InsightMetrics.Of).GroupBy(c => c.Key).ToDictionary(c => c.Key, c => c.Sum(x => x.Value))))
            .ToArray();
        return Task.FromResult<IReadOnlyList<InsightRollupRow>>(rows);
    }
}
