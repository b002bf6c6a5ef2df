using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Sending;

namespace SmsStatusTracker.Web.RateLimiting;

/// <summary>
/// Sends per user id (a user's sessions and API keys share one budget; not per <c>SentBy</c>, which also names the
/// key), enforced by <see cref="SmsSender"/> for every way of sending.
/// </summary>
public sealed class SendThrottle(IOptions<RateLimitOptions> options, SharedLimitCounter? shared = null)
    : KeyedLimiter(options.Value.SendsPerUser, options.Value.SendWindow, shared), ISendThrottle;
