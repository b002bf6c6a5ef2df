using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Web.Identity;

namespace SmsStatusTracker.Web.Endpoints.Messages;

/// <summary>
/// <c>GET /api/messages/export</c>: the log's filter as a CSV or JSON Lines download, written as the store is read
/// (keyset batches from <see cref="IMessageExportSource"/>), so its size never decides the server's memory. Same
/// callers as the list: signed-in users and API keys whose owner may view messages. A plain GET: the sign-in cookie
/// is enough (antiforgery guards unsafe methods only), so the log's Export button can fetch it from the page.
/// </summary>
public static class MessageExportEndpoints
{
    public const string Path = MessageEndpoints.Path + "/export";

    /// <summary>
    /// How many messages matched when the download started, counted exactly (a few hundred milliseconds at a million
    /// rows, small next to the download), so the page can show progress as "rows of total".
    /// </summary>
    public const string TotalHeader = "X-Total-Count";

    public static RouteGroupBuilder MapMessageExport(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(MessageEndpoints.Path)
            .RequireAuthorization(Policies.ApiRead)
            .WithTags("Messages")
            .DescribeMessagesApi();
        group.MapGet("/export", ExportAsync)
            .AddEndpointFilter(new RequireCurrentActorFilter(AppPermission.ViewMessages))
            .DescribeExport();
        return group;
    }

    private static async Task<Results<PushStreamHttpResult, ValidationProblem>> ExportAsync(
        HttpContext http,
        [FromServices] IMessageExportSource source,
        [FromServices] IMessageStore store,
        [FromServices] TimeProvider time,
        [FromServices] ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var (export, errors) = MessageExportRequest.Parse(http.Request.Query);
        if (export is null)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid export");
        }

        var count = await store.ListAsync(export.Query with { PageSize = 1, ExactCount = true }, cancellationToken);
        http.Response.Headers[TotalHeader] = count.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Stream(
            async body =>
            {
                try
                {
                    var messages = source.ReadAsync(export.Query, http.RequestAborted);
                    _ = export.Format == MessageExportFormat.JsonLines
                        ? await MessageExportJsonLines.WriteAsync(body, messages, export.History, http.RequestAborted)
                        : await MessageExportCsv.WriteAsync(body, messages, export.History, http.RequestAborted);
                }
                catch (StoreUnavailableException exception)
                {
                    // The 200 and part of the file are already sent: cut the connection so the download fails
                    // visibly instead of ending as a shorter file that looks complete.
                    loggers.CreateLogger(typeof(MessageExportEndpoints)).LogWarning(exception, "An export stopped: the store became unavailable");
                    http.Abort();
                }
            },
            export.ContentType,
            export.FileName(time.GetUtcNow()));
    }
}
