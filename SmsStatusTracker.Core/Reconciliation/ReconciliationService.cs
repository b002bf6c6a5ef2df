using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Core.Reconciliation;

/// <summary>Runs a <see cref="MessageReconciler"/> pass every <see cref="ReconciliationOptions.Interval"/>; stops at once on shutdown.</summary>
internal sealed class ReconciliationService(
    MessageReconciler reconciler,
    IOptions<ReconciliationOptions> options,
    TimeProvider time,
    ILogger<ReconciliationService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            logger.LogInformation("Reconciliation is disabled (Reconciliation:Enabled)");
            return;
        }

        logger.LogInformation(
            "Reconciliation every {Interval} for messages unchanged for {MinAge}, at most {MaxPerMinute} requests a minute; gives up after {GiveUpAfter}",
            settings.Interval, settings.MinAge, settings.MaxPerMinute, settings.GiveUpAfter);
        using var timer = new PeriodicTimer(settings.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await reconciler.RunPassAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // One bad pass must not stop reconciliation for good; the next tick tries again.
                    logger.LogError(exception, "A reconciliation pass failed; the next one starts in {Interval}", settings.Interval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
