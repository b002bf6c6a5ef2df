using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using SmsStatusTracker.Core.Sending;

namespace SmsStatusTracker.Web.Identity;

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

/// <summary>Sign-in link requests per email address (the per-IP limit is the rate limiting middleware's).</summary>
public sealed class SignInAddressLimiter(IOptions<RateLimitOptions> options)
    : KeyedLimiter(options.Value.SignInPerAddress, options.Value.SignInWindow);

/// <summary>Sends per user (<c>SentBy</c>), enforced by <see cref="SmsSender"/> for every way of sending.</summary>
public sealed class SendThrottle(IOptions<RateLimitOptions> options)
    : KeyedLimiter(options.Value.SendsPerUser, options.Value.SendWindow), ISendThrottle;

public static class RateLimitRegistration
{
    public const string SignInPath = "/account/sign-in";

    public static IServiceCollection AddTrackerRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.SignInWindow > TimeSpan.Zero && o.SendWindow > TimeSpan.Zero, "RateLimits:SignInWindow and RateLimits:SendWindow must be positive.")
            .ValidateOnStart();
        services.AddSingleton<SignInAddressLimiter>();
        services.AddSingleton<ISendThrottle, SendThrottle>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Posting the sign-in form is limited per client IP; nothing else goes through this global limiter.
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var settings = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                if (settings.SignInPerIp <= 0 || !HttpMethods.IsPost(context.Request.Method)
                    || !context.Request.Path.Equals(SignInPath, StringComparison.OrdinalIgnoreCase))
                {
                    return RateLimitPartition.GetNoLimiter("");
                }

                var ip = context.Connection.RemoteIpAddress ?? IPAddress.None;
                return RateLimitPartition.GetFixedWindowLimiter("ip:" + ip, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.SignInPerIp,
                    Window = settings.SignInWindow,
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var response = rejected.HttpContext.Response;
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait))
                {
                    response.Headers[HeaderNames.RetryAfter] = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                response.ContentType = "text/plain; charset=utf-8";
                await response.WriteAsync("Too many sign-in requests from this network. Wait a few minutes and try again.", cancellationToken);
            };
        });
        return services;
    }
}
