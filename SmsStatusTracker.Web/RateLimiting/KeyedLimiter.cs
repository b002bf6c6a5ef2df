using System.Threading.RateLimiting;

namespace SmsStatusTracker.Web.RateLimiting;

/// <summary>
/// Fixed-window limits keyed by a string (an email address, a user, an IP). With a <see cref="SharedLimitCounter"/>
/// (Redis configured) every instance counts against one budget; otherwise, or while Redis does not answer, this
/// process's own window built on ASP.NET Core's rate limiting primitives.
/// </summary>
public abstract class KeyedLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter;
    private readonly SharedLimitCounter? shared;
    private readonly string scope;
    private readonly int permits;
    private readonly TimeSpan window;

    protected KeyedLimiter(int permits, TimeSpan window, SharedLimitCounter? shared = null)
    {
        (this.permits, this.window, this.shared) = (permits, window, shared);
        scope = GetType().Name;
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
        var normalized = key.Trim().ToUpperInvariant();
        if (permits > 0 && shared?.TryAcquire(scope, normalized, permits, window, out retryAfter) is { } sharedAnswer)
        {
            return sharedAnswer;
        }

        using var lease = limiter.AttemptAcquire(normalized);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null;
        return lease.IsAcquired;
    }

    public void Dispose()
    {
        limiter.Dispose();
        GC.SuppressFinalize(this);
    }
}
