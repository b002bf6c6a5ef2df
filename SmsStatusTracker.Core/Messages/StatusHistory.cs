namespace SmsStatusTracker.Core.Messages;

/// <summary>
/// Keeps a message's history bounded, so a stream of distinct observations cannot grow one message (and
/// every read and live push of it) without end. Folding keeps the first entry (how the message started),
/// the entry that set the current status (so a final status's evidence is never folded away) and the
/// newest entries; what is dropped is counted in <see cref="Message.FoldedHistoryCount"/>.
/// </summary>
public static class StatusHistory
{
    public const int DefaultLimit = 50;

    /// <summary>The first entry, the current status's entry and at least one newest entry.</summary>
    public const int MinimumLimit = 3;

    /// <summary>Returns <paramref name="message"/> itself when its history is within <paramref name="limit"/>, else the folded message.</summary>
    public static Message Fold(Message message, int limit)
    {
        limit = Math.Max(limit, MinimumLimit);
        var history = message.History;
        if (history.Count <= limit)
        {
            return message;
        }

        var keep = new bool[history.Count];
        keep[0] = true;
        var current = LastIndex(history, e => e.Outcome == StatusEventOutcome.Applied && e.Status == message.Status);
        if (current > 0)
        {
            keep[current] = true;
        }

        var kept = keep.Count(k => k);
        for (var i = history.Count - 1; i > 0 && kept < limit; i--)
        {
            if (!keep[i])
            {
                keep[i] = true;
                kept++;
            }
        }

        var remaining = history.Where((_, i) => keep[i]).ToArray();
        return message with
        {
            History = remaining,
            FoldedHistoryCount = message.FoldedHistoryCount + history.Count - remaining.Length,
        };
    }

    private static int LastIndex(IReadOnlyList<StatusEvent> history, Func<StatusEvent, bool> match)
    {
        for (var i = history.Count - 1; i >= 0; i--)
        {
            if (match(history[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
