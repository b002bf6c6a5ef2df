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
                if (settings.SignInPerIp <= 0 || !HttpMethods.IsPost(context.Request.Method) || !IsSignInEndpoint(context))
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
                var settings = rejected.HttpContext.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                SetRetryAfter(response, rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : settings.SignInWindow);
                response.ContentType = "text/plain; charset=utf-8";
                await response.WriteAsync("Too many sign-in requests from this network. Wait a few minutes and try again.", cancellationToken);
            };
        });
        return services;
    }

    /// <summary>Every 429 says when to come back: whole seconds, at least one.</summary>
    public static void SetRetryAfter(HttpResponse response, TimeSpan? wait, TimeSpan fallback = default)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling((wait ?? fallback).TotalSeconds));
        response.Headers[HeaderNames.RetryAfter] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    // Decided by the endpoint routing chose, not by the raw path: "/account/sign-in/", "/Account/Sign-In" and any
    // other spelling the router accepts for the page are the same endpoint and share its limit.
    private static bool IsSignInEndpoint(HttpContext context) =>
        context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } route }
        && string.Equals(route.TrimEnd('/'), IdentityRegistration.SignInPath, StringComparison.OrdinalIgnoreCase);
}
