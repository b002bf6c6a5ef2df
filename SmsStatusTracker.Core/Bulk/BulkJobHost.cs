using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Coordination;

namespace SmsStatusTracker.Core.Bulk;

/// <summary>
/// Runs <see cref="BulkJobRunner"/> passes while this replica holds the bulk lease (<see cref="LeaseRunner"/>): one
/// replica sends at a time, so the pace is the configured one however many replicas run, and a replica that dies
/// hands the jobs over within the lease's duration.
/// </summary>
internal sealed class BulkJobHost(BulkJobRunner runner, LeaseRunner leases, IOptions<BulkOptions> options, TimeProvider time, ILogger<BulkJobHost> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        leases.RunWhileHeldAsync(LeaseNames.BulkJobs, PollAsync, stoppingToken);

    private async Task PollAsync(CancellationToken held)
    {
        var interval = options.Value.PollInterval;
        while (!held.IsCancellationRequested)
        {
            try
            {
                await runner.RunPassAsync(held);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The store may be away for a moment: the rows are still pending, the next pass goes on with them.
                logger.LogError(exception, "A bulk pass failed; the next one starts in {Interval}", interval);
            }

            await Task.Delay(interval, time, held);
        }
    }
}
