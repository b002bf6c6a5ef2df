namespace SmsStatusTracker.Core.Insights;

/// <summary>Answers the insights page from rollups, never by scanning messages.</summary>
public interface IInsightsReader
{
    /// <exception cref="ArgumentException">The window is empty, reversed or longer than <see cref="InsightsQuery.MaxWindow"/>.</exception>
    Task<InsightsAnswer> ReadAsync(InsightsQuery query, CancellationToken cancellationToken);
}

/// <summary>One rollup row: the counters (<see cref="InsightMetrics"/>) of the messages created in one bucket.</summary>
public sealed record InsightRollupRow(DateTimeOffset Bucket, IReadOnlyDictionary<string, long> Counts);

/// <summary>A store's rollup rows, read by key range (the port each store adapter implements).</summary>
public interface IInsightRollupRows
{
    /// <summary>The rows of <paramref name="range"/>'s grain for <paramref name="filter"/> whose bucket starts in the range.</summary>
    Task<IReadOnlyList<InsightRollupRow>> ReadAsync(InsightRowRange range, InsightFilter filter, CancellationToken cancellationToken);
}
