using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using SmsStatusTracker.Core.Diagnostics;

namespace SmsStatusTracker.Web.Endpoints.StatusCallbacks;

/// <summary>
/// What every Twilio webhook of this app shares (status callbacks, incoming messages): anonymous, the signature
/// checked by <see cref="ValidateTwilioRequestFilter"/> on the group as its authentication, no antiforgery, the
/// rejections the filter can answer, and the 503 that makes Twilio retry when the store cannot take the post.
/// </summary>
public static class TwilioWebhooks
{
    /// <summary>
    /// True when routing chose one of these webhooks. The pipeline runs them before the sign-in middleware
    /// (authentication, authorization, the sign-in rate limiter, antiforgery): they are anonymous, authenticated by
    /// their signature, never rate limited and exempt from antiforgery, so those middleware would only decide so again
    /// on the busiest route.
    /// </summary>
    public static bool IsWebhook(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<TwilioWebhookMarker>() is not null;

    public static RouteHandlerBuilder MapTwilioWebhook(this IEndpointRouteBuilder endpoints, string path, Delegate handler, string name)
    {
        var group = endpoints.MapGroup(path)
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithMetadata(TwilioWebhookMarker.Instance)
            .AddEndpointFilter<ValidateTwilioRequestFilter>();
        return group.MapPost("", handler)
            .WithName(name)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>503 with <c>Retry-After</c>: nothing was half-applied, and Twilio retries per the webhook's overrides.</summary>
    public static ProblemHttpResult StoreUnavailable(HttpContext context, TrackerMetrics metrics, string title)
    {
        context.Response.Headers[HeaderNames.RetryAfter] = "5";
        return CallbackOutcome.Rejected(metrics, CallbackOutcome.StoreUnavailable, StatusCodes.Status503ServiceUnavailable, title, "The message store is unavailable right now; retry later.");
    }
}

/// <summary>Endpoint metadata naming a Twilio webhook (<see cref="TwilioWebhooks.IsWebhook"/>).</summary>
public sealed class TwilioWebhookMarker
{
    public static readonly TwilioWebhookMarker Instance = new();

    private TwilioWebhookMarker()
    {
    }
}
