using System.Globalization;
using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Insights;

/// <summary>
/// Builds the answer from the rows <see cref="InsightWindowPlan"/> names (one home for the arithmetic, whichever store
/// holds the rows): sums the counters, reads percentiles from the summed histograms, and cuts the series.
/// </summary>
public sealed class InsightsReader(IInsightRollupRows rows, TimeProvider time) : IInsightsReader
{
    public async Task<InsightsAnswer> ReadAsync(InsightsQuery query, CancellationToken cancellationToken)
    {
        if (query.To <= query.From)
        {
            throw new ArgumentException("The window's end must be after its start.", nameof(query));
        }

        if (query.To - query.From > InsightsQuery.MaxWindow)
        {
            throw new ArgumentException($"The window can be at most {InsightsQuery.MaxWindow.TotalDays:0} days.", nameof(query));
        }

        var now = time.GetUtcNow();
        var plan = InsightWindowPlan.For(query.From, query.To, now);
        var read = new List<(InsightGrain Grain, InsightRollupRow Row)>();
        foreach (var range in plan.Ranges)
        {
            foreach (var row in await rows.ReadAsync(range, query.Filter, cancellationToken))
            {
                read.Add((range.Grain, row));
            }
        }

        var sums = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (_, row) in read)
        {
            foreach (var (name, count) in row.Counts)
            {
                sums[name] = sums.GetValueOrDefault(name) + count;
            }
        }

        var stuckBefore = plan.BucketBoundAtOrBefore(now - query.StuckAfter);
        var stuck = read.Where(r => r.Row.Bucket + r.Grain.Length() <= stuckBefore).Sum(r => r.Row.Counts.GetValueOrDefault(InsightMetrics.Open));
        return new InsightsAnswer
        {
            From = plan.From,
            To = plan.To,
            Filter = query.Filter,
            Total = sums.GetValueOrDefault(InsightMetrics.Total),
            Open = sums.GetValueOrDefault(InsightMetrics.Open),
            Finals = Enum.GetValues<InsightOutcome>().ToDictionary(o => o, o => sums.GetValueOrDefault(FinalKey(o))),
            Series = InsightSeries.Cut(plan, query.Zone, read.Select(r => r.Row)),
            Errors = [.. sums
                .Where(c => c.Key.StartsWith(InsightMetrics.ErrorPrefix, StringComparison.Ordinal) && c.Value > 0)
                .Select(c => (Code: int.Parse(c.Key.AsSpan(InsightMetrics.ErrorPrefix.Length), CultureInfo.InvariantCulture), Count: c.Value))
                .Select(e => new InsightErrorCount(e.Code, e.Count, TwilioErrorCatalog.Explain(e.Code)))
                .OrderByDescending(e => e.Count).ThenBy(e => e.Code)],
            TwilioTime = Latency(sums, InsightMetrics.TwilioTimePrefix),
            CarrierTime = Latency(sums, InsightMetrics.CarrierTimePrefix),
            TotalTime = Latency(sums, InsightMetrics.TotalTimePrefix),
            CallbackLag = Latency(sums, InsightMetrics.CallbackLagPrefix),
            Stuck = stuck,
            StuckBefore = stuckBefore,
            Audit = new InsightTruthAudit(
                sums.GetValueOrDefault(InsightMetrics.SettledByCallback),
                sums.GetValueOrDefault(InsightMetrics.SettledByPoll),
                sums.GetValueOrDefault(InsightMetrics.SettledOtherwise),
                sums.GetValueOrDefault(InsightMetrics.CorrectedByPoll),
                sums.GetValueOrDefault(InsightMetrics.GaveUp)),
        };
    }

    public static string FinalKey(InsightOutcome outcome) => InsightMetrics.FinalPrefix + outcome.ToString().ToLowerInvariant();

    private static InsightLatency Latency(Dictionary<string, long> sums, string prefix)
    {
        var histogram = new Dictionary<int, long>();
        foreach (var (name, count) in sums)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal) && count > 0)
            {
                histogram[int.Parse(name.AsSpan(prefix.Length), CultureInfo.InvariantCulture)] = count;
            }
        }

        return new InsightLatency(histogram.Values.Sum(),
            LatencyHistogram.Percentile(histogram, 0.50), LatencyHistogram.Percentile(histogram, 0.95), LatencyHistogram.Percentile(histogram, 0.99));
    }
}
