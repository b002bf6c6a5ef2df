using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Web.LiveFeed;

namespace SmsStatusTracker.Web.Hosting;

/// <summary>
/// Refuses (403) what a page on another site could make a signed-in browser do with its cookie: state-changing
/// calls under <c>/api</c> (POST, PUT, PATCH, DELETE) and every request to the live feed hub (the negotiate
/// request and the WebSocket upgrade, which SameSite=Lax does not cover). Same origin is the request's own
/// scheme://host[:port] (after trusted forwarded headers) or the origin of <c>Auth:PublicBaseUrl</c> /
/// <c>Twilio:PublicBaseUrl</c>. Requests without an Origin header (scripts, other servers) and API-key
/// callers (<c>Authorization: Bearer</c>, a credential a browser never attaches on its own) are let through.
/// </summary>
public sealed class CrossOriginGuard(RequestDelegate next, IOptions<AuthOptions> auth, IOptions<TwilioOptions> twilio)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (IsGuarded(request) && request.Headers.Origin.Count > 0 && !IsSameOrigin(request, request.Headers.Origin.ToString()))
        {
            await Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Cross-origin request refused",
                detail: "This request came from a page on another site. Call the API with an API key, or from this app's own pages.")
                .ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private static bool IsGuarded(HttpRequest request)
    {
        if (request.Headers[HeaderNames.Authorization].ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return request.Path.StartsWithSegments(MessagesHub.Path, StringComparison.OrdinalIgnoreCase)
            || (request.Path.IsApi()
                && (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method) || HttpMethods.IsDelete(request.Method)));
    }

    private bool IsSameOrigin(HttpRequest request, string origin)
    {
        // "null" (sandboxed frames, some redirects), several values, or anything with a path is not an origin we serve.
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var claimed) || claimed.PathAndQuery != "/" || claimed.UserInfo.Length > 0)
        {
            return false;
        }

        return SameOrigin(claimed, $"{request.Scheme}://{request.Host.Value}")
            || SameOrigin(claimed, auth.Value.PublicBaseUrl)
            || SameOrigin(claimed, twilio.Value.PublicBaseUrl);
    }

    private static bool SameOrigin(Uri claimed, string? ours) =>
        Uri.TryCreate(ours, UriKind.Absolute, out var own)
        && string.Equals(claimed.Scheme, own.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(claimed.IdnHost, own.IdnHost, StringComparison.OrdinalIgnoreCase)
        && claimed.Port == own.Port;
}
