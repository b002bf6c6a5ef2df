using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Web.RateLimiting;

/// <summary>Sign-in form posts per client IP, applied by the rate limiting middleware.</summary>
public sealed class SignInIpLimiter(IOptions<RateLimitOptions> options, SharedLimitCounter? shared = null)
    : KeyedLimiter(options.Value.SignInPerIp, options.Value.SignInWindow, shared);
