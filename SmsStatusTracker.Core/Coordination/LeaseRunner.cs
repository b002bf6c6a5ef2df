using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Core.Coordination;

/// <summary>
/// Runs background work only while this process holds a lease (<see cref="ILeaseStore"/>). The holder renews every
/// <see cref="LeaseOptions.RenewInterval"/>; the others ask as often and take over once a lease has gone
/// <see cref="LeaseOptions.Duration"/> without renewal (its holder died or lost the store). The work gets a token
/// that is cancelled as soon as a renewal is refused, or when renewals have failed for so long that the lease may
/// have expired, so it stops before another replica can start.
/// </summary>
public sealed class LeaseRunner(ILeaseStore store, TimeProvider time, IOptions<LeaseOptions> options, ILogger<LeaseRunner> logger)
{
    /// <summary>This process among the replicas: host, process id and a random part (process ids repeat across containers).</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>
    /// Waits for the lease <paramref name="name"/>, runs <paramref name="work"/> while holding it, and starts waiting
    /// again if it is lost. Returns when <paramref name="stoppingToken"/> is cancelled or the work returns by
    /// itself; the lease is released then, so another replica takes over at once on a clean shutdown.
    /// </summary>
    public async Task RunWhileHeldAsync(string name, Func<CancellationToken, Task> work, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!await TryAcquireAsync(name, stoppingToken))
            {
                if (!await DelayAsync(settings.RenewInterval, stoppingToken))
                {
                    return;
                }

                continue;
            }

            logger.LogInformation("This instance ({Owner}) holds the lease {Lease} and does its work", Owner, name);
            var lost = false;
            using var held = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var renewing = KeepRenewedAsync(name, held, () => lost = true);
            try
            {
                await work(held.Token);
            }
            catch (OperationCanceledException) when (held.IsCancellationRequested)
            {
            }
            finally
            {
                await held.CancelAsync();
                await renewing;
            }

            if (!lost)
            {
                await ReleaseAsync(name);
                return;
            }

            logger.LogWarning("This instance ({Owner}) lost the lease {Lease}; it stopped the work and waits to take it again", Owner, name);
        }
    }

    private async Task<bool> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            return await store.TryAcquireAsync(name, Owner, now, now + options.Value.Duration, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning("Could not ask for the lease {Lease}: {Reason}", name, exception.Message);
            return false;
        }
    }

    private async Task KeepRenewedAsync(string name, CancellationTokenSource held, Action markLost)
    {
        var settings = options.Value;
        var renewedAt = time.GetUtcNow();
        while (await DelayAsync(settings.RenewInterval, held.Token))
        {
            var now = time.GetUtcNow();
            try
            {
                if (await store.TryAcquireAsync(name, Owner, now, now + settings.Duration, held.Token))
                {
                    renewedAt = now;
                    continue;
                }

                logger.LogWarning("The lease {Lease} was taken by another instance", name);
            }
            catch (OperationCanceledException) when (held.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Stop while the last renewal still covers us: the next attempt would come after the expiry.
                if (now + settings.RenewInterval < renewedAt + settings.Duration)
                {
                    logger.LogWarning("Could not renew the lease {Lease} ({Reason}); trying again in {Interval}", name, exception.Message, settings.RenewInterval);
                    continue;
                }

                logger.LogWarning("Could not renew the lease {Lease} before it expires ({Reason})", name, exception.Message);
            }

            markLost();
            await held.CancelAsync();
            return;
        }
    }

    private async Task ReleaseAsync(string name)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await store.ReleaseAsync(name, Owner, timeout.Token);
        }
        catch (Exception exception)
        {
            logger.LogWarning("Could not release the lease {Lease} ({Reason}); another instance takes it when it expires", name, exception.Message);
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
