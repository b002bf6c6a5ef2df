using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Coordination;

namespace SmsStatusTracker.Core.Reconciliation;

/// <summary>
/// Runs a <see cref="MessageReconciler"/> pass every <see cref="ReconciliationOptions.Interval"/> while this replica holds
/// the reconciliation lease (<see cref="LeaseRunner"/>); stops at once on shutdown or when the lease is lost.
/// </summary>
internal sealed class ReconciliationService(
    MessageReconciler reconciler,
    LeaseRunner leases,
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
        // One replica reconciles at a time: the others would multiply the calls to Twilio's API (MaxPerMinute is per process).
        await leases.RunWhileHeldAsync(LeaseNames.Reconciliation, held => PollAsync(settings, held), stoppingToken);
    }

    private async Task PollAsync(ReconciliationOptions settings, CancellationToken held)
    {
        using var timer = new PeriodicTimer(settings.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(held))
            {
                try
                {
                    var checks = await reconciler.RunPassAsync(held);
                    logger.LogDebug("Reconciliation pass: {Count} message(s) looked up", checks.Count);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // One bad pass must not stop reconciliation for good; the next tick tries again.
                    logger.LogError(exception, "A reconciliation pass failed; the next one starts in {Interval}", settings.Interval);
                }
            }
        }
        catch (OperationCanceledException) when (held.IsCancellationRequested)
        {
        }
    }
}
