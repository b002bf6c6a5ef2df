using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;

namespace SmsStatusTracker.Core.Insights;

/// <summary>One rollup row's key: a bucket of one grain for one dimension value.</summary>
public sealed record InsightRollupKey(InsightGrain Grain, DateTimeOffset Bucket, InsightFilter Target);

/// <summary>
/// The rollup increments one stored change makes: for every grain and every dimension value of the old and the new
/// version (a changed error code moves the message between error rows), the new counters minus the old. Every
/// contribution lands in the buckets of the message's creation time, which never changes. Minute rows are written only
/// for messages created within <see cref="InsightGrains.MinuteRetention"/> of <c>now</c>: older ones are past what
/// minute rows serve (<see cref="InsightGrains.MinuteHorizon"/>) and would only be pruned again.
/// </summary>
public static class InsightRollupChange
{
    public static IReadOnlyList<(InsightRollupKey Key, Dictionary<string, long> Delta)> Of(StoredMessageChange change, DateTimeOffset now)
    {
        var byTarget = new Dictionary<InsightFilter, Dictionary<string, long>>();
        if (change.Before is { } before)
        {
            var old = InsightMetrics.Of(before);
            foreach (var target in Targets(before))
            {
                Add(byTarget, target, old, -1);
            }
        }

        var counts = InsightMetrics.Of(change.After);
        foreach (var target in Targets(change.After))
        {
            Add(byTarget, target, counts, 1);
        }

        var rows = new List<(InsightRollupKey, Dictionary<string, long>)>();
        foreach (var (target, delta) in byTarget)
        {
            foreach (var zero in delta.Where(c => c.Value == 0).Select(c => c.Key).ToArray())
            {
                delta.Remove(zero);
            }

            if (delta.Count == 0)
            {
                continue;
            }

            rows.Add((new InsightRollupKey(InsightGrain.Hour, InsightGrain.Hour.Floor(change.After.CreatedAt), target), delta));
            if (change.After.CreatedAt >= now - InsightGrains.MinuteRetention)
            {
                rows.Add((new InsightRollupKey(InsightGrain.Minute, InsightGrain.Minute.Floor(change.After.CreatedAt), target), delta));
            }
        }

        return rows;
    }

    /// <summary>
    /// The increments of many messages summed per row (a backfill batch: messages of the same hours share most rows,
    /// so a batch costs a few dozen row writes instead of one per message and row; a group commit of status changes).
    /// Counters that cancel out are dropped, and rows left with none.
    /// </summary>
    public static IReadOnlyList<(InsightRollupKey Key, Dictionary<string, long> Delta)> Sum(IEnumerable<(InsightRollupKey Key, Dictionary<string, long> Delta)> rows)
    {
        var sums = new Dictionary<InsightRollupKey, Dictionary<string, long>>();
        foreach (var (key, delta) in rows)
        {
            if (!sums.TryGetValue(key, out var sum))
            {
                sums[key] = sum = new Dictionary<string, long>(StringComparer.Ordinal);
            }

            foreach (var (name, count) in delta)
            {
                sum[name] = sum.GetValueOrDefault(name) + count;
            }
        }

        foreach (var sum in sums.Values)
        {
            foreach (var zero in sum.Where(c => c.Value == 0).Select(c => c.Key).ToArray())
            {
                sum.Remove(zero);
            }
        }

        return [.. sums.Where(s => s.Value.Count > 0).Select(s => (s.Key, s.Value))];
    }

    /// <summary>Every dimension value <paramref name="message"/> is counted under, <see cref="InsightFilter.None"/> first.</summary>
    public static IEnumerable<InsightFilter> Targets(Message message)
    {
        yield return InsightFilter.None;
        yield return new InsightFilter(InsightDimension.Sender, message.From);
        yield return new InsightFilter(InsightDimension.Operator, message.SentBy);
        yield return new InsightFilter(InsightDimension.Country, RecipientCountry.Of(message.To));
        if (message.ErrorCode is { } code)
        {
            yield return new InsightFilter(InsightDimension.ErrorCode, code.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static void Add(Dictionary<InsightFilter, Dictionary<string, long>> byTarget, InsightFilter target, Dictionary<string, long> counts, int sign)
    {
        if (!byTarget.TryGetValue(target, out var delta))
        {
            byTarget[target] = delta = new Dictionary<string, long>(StringComparer.Ordinal);
        }

        foreach (var (name, count) in counts)
        {
            delta[name] = delta.GetValueOrDefault(name) + sign * count;
        }
    }
}
