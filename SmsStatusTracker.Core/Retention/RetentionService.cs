using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Coordination;

namespace SmsStatusTracker.Core.Retention;

/// <summary>Runs a <see cref="RetentionJob"/> pass at start and then every <see cref="RetentionOptions.Interval"/>, on the replica holding the retention lease.</summary>
internal sealed class RetentionService(
    RetentionJob job,
    LeaseRunner leases,
    IOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<RetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            logger.LogInformation("Retention is off: messages and their bodies are kept (Retention:Messages, Retention:MessageBodies)");
            return;
        }

        logger.LogInformation("Retention: messages kept for {Messages}, bodies for {MessageBodies} (unset: forever); a pass every {Interval}",
            settings.Messages, settings.MessageBodies, settings.Interval);
        await leases.RunWhileHeldAsync(LeaseNames.Retention, held => CleanAsync(settings, held), stoppingToken);
    }

    private async Task CleanAsync(RetentionOptions settings, CancellationToken held)
    {
        using var timer = new PeriodicTimer(settings.Interval, time);
        try
        {
            do
            {
                try
                {
                    await job.RunPassAsync(held);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogError(exception, "A retention pass failed; the next one starts in {Interval}", settings.Interval);
                }
            }
            while (await timer.WaitForNextTickAsync(held));
        }
        catch (OperationCanceledException) when (held.IsCancellationRequested)
        {
        }
    }
}
