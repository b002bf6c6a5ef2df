using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Coordination;

namespace SmsStatusTracker.Core.Alerts;

/// <summary>
/// Runs an <see cref="AlertEvaluation"/> pass every <see cref="AlertOptions.EvaluationInterval"/> while this replica
/// holds the alerts lease (<see cref="LeaseRunner"/>), so alerts fire once however many replicas run.
/// </summary>
internal sealed class AlertService(
    AlertEvaluation evaluation,
    LeaseRunner leases,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<AlertService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            logger.LogInformation("Alert rules are not evaluated (Alerts:Enabled is false)");
            return;
        }

        await leases.RunWhileHeldAsync(LeaseNames.Alerts, held => EvaluateAsync(settings, held), stoppingToken);
    }

    private async Task EvaluateAsync(AlertOptions settings, CancellationToken held)
    {
        using var timer = new PeriodicTimer(settings.EvaluationInterval, time);
        try
        {
            do
            {
                try
                {
                    await evaluation.RunPassAsync(held);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogError(exception, "An alert evaluation pass failed; the next one starts in {Interval}", settings.EvaluationInterval);
                }
            }
            while (await timer.WaitForNextTickAsync(held));
        }
        catch (OperationCanceledException) when (held.IsCancellationRequested)
        {
        }
    }
}
