using SmsStatusTracker.Core.Diagnostics;
using SmsStatusTracker.Web.Endpoints;

namespace SmsStatusTracker.Web.Diagnostics;

/// <summary>
/// Counts status callbacks by how they were answered: 200 is accepted (durably stored), anything else is
/// rejected with a reason read from the status code the webhook chose, or the one it named in
/// <see cref="ReasonItem"/> where a status code has several causes.
/// </summary>
public sealed class CallbackMetricsMiddleware(RequestDelegate next, TrackerMetrics metrics)
{
    /// <summary>The <see cref="HttpContext.Items"/> key a handler sets to name its rejection reason.</summary>
    public const string ReasonItem = "SmsStatusTracker.CallbackRejection";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method)
            || !context.Request.Path.Equals(StatusCallbackEndpoints.Path, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        try
        {
            await next(context);
        }
        catch
        {
            metrics.CallbackRejected("error");
            throw;
        }

        var status = context.Response.StatusCode;
        if (status == StatusCodes.Status200OK)
        {
            metrics.CallbackAccepted();
        }
        else
        {
            metrics.CallbackRejected(context.Items[ReasonItem] as string ?? Reason(status));
        }
    }

    public static string Reason(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "invalid",
        StatusCodes.Status403Forbidden => "signature",
        StatusCodes.Status413PayloadTooLarge => "too_large",
        StatusCodes.Status415UnsupportedMediaType => "content_type",
        StatusCodes.Status503ServiceUnavailable => "store_unavailable",
        >= 500 => "error",
        _ => "other",
    };
}

public static class CallbackMetricsExtensions
{
    public static IApplicationBuilder UseCallbackMetrics(this IApplicationBuilder app) => app.UseMiddleware<CallbackMetricsMiddleware>();
}
