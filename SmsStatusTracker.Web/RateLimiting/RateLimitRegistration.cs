using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using SmsStatusTracker.Core.Sending;
using SmsStatusTracker.Web.Identity;
using SmsStatusTracker.Web.LiveFeed;

namespace SmsStatusTracker.Web.RateLimiting;

public static class RateLimitRegistration
{
    public static IServiceCollection AddTrackerRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddSingleton<SignInAddressLimiter>();
        services.AddSingleton<SignInIpLimiter>();
        services.AddSingleton<ISendThrottle, SendThrottle>();
        // With Redis configured (several instances), every limit is one budget across them.
        if (configuration[MessageFeedRegistration.RedisKey] is { Length: > 0 } redis)
        {
            services.AddSingleton(sp => new SharedLimitCounter(redis, sp.GetRequiredService<ILogger<SharedLimitCounter>>()));
        }

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

                var ip = (context.Connection.RemoteIpAddress ?? IPAddress.None).ToString();
                var limiter = context.RequestServices.GetRequiredService<SignInIpLimiter>();
                return RateLimitPartition.Get(ip, key => new KeyedRateLimiter(limiter, key));
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
