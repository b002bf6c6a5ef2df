using Microsoft.Extensions.Diagnostics.HealthChecks;
using SmsStatusTracker.Core.Storage;

namespace SmsStatusTracker.Web.Endpoints.Health;

/// <summary>Ready only while the message store answers a ping within a few seconds.</summary>
public sealed class StoreHealthCheck(IMessageStore store, ILogger<StoreHealthCheck> logger) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.PingAsync(cancellationToken).WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy("The message store answers.");
        }
        catch (Exception exception) when (exception is StoreUnavailableException or TimeoutException)
        {
            logger.LogWarning(exception, "Readiness: the message store did not answer");
            return HealthCheckResult.Unhealthy("The message store does not answer.");
        }
    }
}
