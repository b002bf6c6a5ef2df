using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Diagnostics;
using SmsStatusTracker.Core.Storage;

namespace SmsStatusTracker.Core.StatusCallbacks;

/// <summary>
/// Drops parked callbacks whose message never appeared (a SID from another app on the same account, a send
/// that was never stored) once they are older than <see cref="StatusCallbackOptions.ParkedMaxAge"/>: a pass at
/// start and then every <see cref="StatusCallbackOptions.ParkedPurgeInterval"/>, on the injected clock. Each pass
/// also refreshes the parked count the metrics show.
/// </summary>
public sealed class ParkedCallbackExpiry(
    IMessageStore store,
    IOptions<StatusCallbackOptions> options,
    TrackerMetrics metrics,
    TimeProvider time,
    ILogger<ParkedCallbackExpiry> logger) : BackgroundService
{
    /// <summary>Removes the expired parked callbacks now; returns how many.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var expired = await store.RemoveParkedBeforeAsync(time.GetUtcNow() - options.Value.ParkedMaxAge, cancellationToken);
        metrics.ParkedExpired(expired);
        metrics.Parked(await store.CountParkedAsync(cancellationToken));
        if (expired > 0)
        {
            logger.LogWarning("Dropped {Count} parked status callbacks older than {MaxAge}: no message with their SID appeared", expired, options.Value.ParkedMaxAge);
        }

        return expired;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ParkedPurgeInterval, time);
        try
        {
            do
            {
                try
                {
                    await PurgeAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // One failed pass (the store is down) must not stop purging for good; the next tick tries again.
                    logger.LogWarning(exception, "Could not purge expired parked callbacks; trying again in {Interval}", options.Value.ParkedPurgeInterval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
