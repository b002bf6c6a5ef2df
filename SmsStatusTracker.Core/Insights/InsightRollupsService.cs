using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SmsStatusTracker.Core.Insights;

/// <summary>
/// Once the app has started (the store's schema is in place), counts messages stored before rollups existed; then
/// prunes old minute rows every hour. A failure is logged and retried on the next round.
/// </summary>
internal sealed class InsightRollupsService(IInsightRollupsMaintenance maintenance, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<InsightRollupsService> logger)
    : BackgroundService
{
    private static readonly TimeSpan Round = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        await using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var backfilled = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!backfilled)
                {
                    await maintenance.BackfillAsync(stoppingToken);
                    backfilled = true;
                }

                while (await maintenance.PruneAsync(stoppingToken) > 0)
                {
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Insights rollup upkeep failed; it is tried again in {Round}", Round);
            }

            try
            {
                await Task.Delay(Round, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
