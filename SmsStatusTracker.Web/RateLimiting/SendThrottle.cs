using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Sending;

namespace SmsStatusTracker.Web.RateLimiting;

/// <summary>Sends per user (<c>SentBy</c>), enforced by <see cref="SmsSender"/> for every way of sending.</summary>
public sealed class SendThrottle(IOptions<RateLimitOptions> options)
    : KeyedLimiter(options.Value.SendsPerUser, options.Value.SendWindow), ISendThrottle;
