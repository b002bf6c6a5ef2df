namespace SmsStatusTracker.Core.Insights;

/// <summary>A store's rollup upkeep: counting messages stored before rollups existed, recounting, pruning minute rows.</summary>
public interface IInsightRollupsMaintenance
{
    /// <summary>Counts every message stored before rollups existed that is not counted yet; returns how many it counted.</summary>
    Task<long> BackfillAsync(CancellationToken cancellationToken);

    /// <summary>Discards the rollups and counts every stored message again (after a restore, or a bulk import that bypassed the store).</summary>
    Task<long> RebuildAsync(CancellationToken cancellationToken);

    /// <summary>Deletes a batch of minute rows older than <see cref="InsightGrains.MinuteRetention"/>; returns how many.</summary>
    Task<int> PruneAsync(CancellationToken cancellationToken);
}
