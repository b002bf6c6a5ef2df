using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Web.RateLimiting;

/// <summary>Sign-in link requests per email address (the per-IP limit is the rate limiting middleware's).</summary>
public sealed class SignInAddressLimiter(IOptions<RateLimitOptions> options, SharedLimitCounter? shared = null)
    : KeyedLimiter(options.Value.SignInPerAddress, options.Value.SignInWindow, shared);
