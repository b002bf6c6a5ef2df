using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Coordination;

namespace SmsStatusTracker.Core.Scheduling;

/// <summary>Runs a <see cref="ScheduledSendJob"/> pass every <see cref="SchedulingOptions.Interval"/>, on the one replica holding the scheduled-sends lease.</summary>
internal sealed class ScheduledSendService(
    ScheduledSendJob job,
    LeaseRunner leases,
    IOptions<SchedulingOptions> options,
    TimeProvider time,
    ILogger<ScheduledSendService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        leases.RunWhileHeldAsync(LeaseNames.ScheduledSends, SendDueAsync, stoppingToken);

    private async Task SendDueAsync(CancellationToken held)
    {
        var interval = options.Value.Interval;
        using var timer = new PeriodicTimer(interval, time);
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
                    logger.LogError(exception, "A scheduled-sends pass failed; the next one starts in {Interval}", interval);
                }
            }
            while (await timer.WaitForNextTickAsync(held));
        }
        catch (OperationCanceledException) when (held.IsCancellationRequested)
        {
        }
    }
}
