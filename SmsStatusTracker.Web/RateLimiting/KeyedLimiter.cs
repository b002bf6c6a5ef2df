using System.Threading.RateLimiting;

namespace SmsStatusTracker.Web.RateLimiting;

/// <summary>Fixed-window limits keyed by a string (an email address, a user), built on ASP.NET Core's rate limiting primitives.</summary>
public abstract class KeyedLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter;

    protected KeyedLimiter(int permits, TimeSpan window)
    {
        limiter = permits <= 0
            ? PartitionedRateLimiter.Create<string, string>(_ => RateLimitPartition.GetNoLimiter(""))
            : PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = window,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    public bool TryAcquire(string key, out TimeSpan? retryAfter)
    {
        using var lease = limiter.AttemptAcquire(key.Trim().ToUpperInvariant());
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null;
        return lease.IsAcquired;
    }

    public void Dispose()
    {
        limiter.Dispose();
        GC.SuppressFinalize(this);
    }
}
