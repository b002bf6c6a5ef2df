using System.Threading.RateLimiting;

namespace SmsStatusTracker.Web.RateLimiting;

/// <summary>One key of a <see cref="KeyedLimiter"/> as a <see cref="RateLimiter"/>, for the rate limiting middleware's partitions.</summary>
public sealed class KeyedRateLimiter(KeyedLimiter limiter, string key) : RateLimiter
{
    // The window lives in the KeyedLimiter (or Redis), not here: the middleware may drop this partition whenever it likes.
    public override TimeSpan? IdleDuration => TimeSpan.Zero;

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        new Lease(limiter.TryAcquire(key, out var retryAfter), retryAfter);

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
