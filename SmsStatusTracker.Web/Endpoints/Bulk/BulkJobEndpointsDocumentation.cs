using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using SmsStatusTracker.Web.Endpoints.OpenApi;

namespace SmsStatusTracker.Web.Endpoints.Bulk;

/// <summary>
/// What the OpenAPI document says about <see cref="BulkJobEndpoints"/>: names, summaries and every response each
/// handler can give. Kept apart so the handlers stay readable; docs/api.md and docs/bulk.md say the same in prose.
/// </summary>
public static class BulkJobEndpointsDocumentation
{
    public static RouteGroupBuilder DescribeBulkApi(this RouteGroupBuilder group) => group
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden);

    public static RouteHandlerBuilder DescribeCreate(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("CreateBulkJob")
        .WithSummary("Upload a CSV and get its preflight report")
        .WithDescription(
            "Send `multipart/form-data` with the CSV as `file` (and optionally `template`), or the CSV itself as a `text/csv` body " +
            "(`?template=` and `?name=` in the query). The header needs `to` and `body`, or the columns a template's `{{column}}` " +
            "placeholders name. Nothing is sent: the answer is the job, `awaiting_confirmation`, with the preflight report " +
            "(invalid numbers, duplicates, opted-out numbers, template and text errors, segments and encoding). " +
            "`POST /api/bulk-jobs/{id}/start` confirms it. Limits: `Bulk:MaxFileBytes` (10 MB) and `Bulk:MaxRows` (50,000).")
        .Produces<BulkJobCreatedResponse>(StatusCodes.Status201Created)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
        .AddOpenApiOperationTransformer((operation, _, _) =>
        {
            OperationResponses.Describe(operation, StatusCodes.Status201Created, "The job, waiting for confirmation, and its preflight report.");
            OperationResponses.Describe(operation, StatusCodes.Status400BadRequest, "The file cannot be used: not CSV, no `to` column, no `body` column or template, a placeholder naming no column, too many rows, or every row excluded (`errors.file`, `errors.template`).");
            OperationResponses.Describe(operation, StatusCodes.Status403Forbidden, "The caller is a Viewer: only Operators and Admins create bulk jobs.");
            OperationResponses.Describe(operation, StatusCodes.Status413PayloadTooLarge, "The file is over `Bulk:MaxFileBytes`.");
            OperationResponses.Describe(operation, StatusCodes.Status415UnsupportedMediaType, "Neither `multipart/form-data` nor `text/csv`.");
            OperationResponses.Describe(operation, StatusCodes.Status503ServiceUnavailable, "The store is unavailable. No job was created.");
            return Task.CompletedTask;
        });

    public static RouteHandlerBuilder DescribeResendFailed(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("ResendFailedAsBulkJob")
        .WithSummary("Send failed messages again, as a bulk job")
        .WithDescription(
            "Takes the message log's filters (the query parameters of `GET /api/messages`; `status` defaults to failed and undelivered) " +
            "and creates a job, `awaiting_confirmation`, with one row per matching message that may be sent again: errors a resend " +
            "cannot fix (an invalid or unsubscribed number, for instance) are left out. Each new message references its original (`resentFromId`).")
        .Produces<BulkJobCreatedResponse>(StatusCodes.Status201Created)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
        .AddOpenApiOperationTransformer((operation, _, _) =>
        {
            OperationResponses.Describe(operation, StatusCodes.Status201Created, "The job, waiting for confirmation, and its preflight report.");
            OperationResponses.Describe(operation, StatusCodes.Status400BadRequest, "An invalid filter, or no matching failed message that may be sent again.");
            OperationResponses.Describe(operation, StatusCodes.Status403Forbidden, "The caller is a Viewer: only Operators and Admins send.");
            OperationResponses.Describe(operation, StatusCodes.Status503ServiceUnavailable, "The store is unavailable. No job was created.");
            return Task.CompletedTask;
        });

    public static RouteHandlerBuilder DescribeControl(this RouteHandlerBuilder endpoint, string name, string summary) => endpoint
        .WithName(name)
        .WithSummary(summary)
        .WithDescription("Operators and Admins. Answers the job as it is afterwards; 409 when the job's state does not allow it (e.g. resuming a job that is not paused).")
        .Produces<BulkJobResponse>()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
        .AddOpenApiOperationTransformer((operation, _, _) =>
        {
            DescribeId(operation);
            OperationResponses.Describe(operation, StatusCodes.Status200OK, "The job after the change.");
            OperationResponses.Describe(operation, StatusCodes.Status403Forbidden, "The caller is a Viewer: only Operators and Admins control bulk jobs.");
            OperationResponses.Describe(operation, StatusCodes.Status404NotFound, "No bulk job has this id.");
            OperationResponses.Describe(operation, StatusCodes.Status409Conflict, "The job's state does not allow this now.");
            OperationResponses.Describe(operation, StatusCodes.Status503ServiceUnavailable, "The store is unavailable. Nothing was changed.");
            return Task.CompletedTask;
        });

    public static RouteHandlerBuilder DescribeGetJob(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("GetBulkJob")
        .WithSummary("Read a bulk job's progress")
        .WithDescription("Its state (and why it is paused, when the app paused it) and its rows counted by outcome. Any role; poll it for a progress bar.")
        .Produces<BulkJobResponse>()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .AddOpenApiOperationTransformer((operation, _, _) =>
        {
            DescribeId(operation);
            OperationResponses.Describe(operation, StatusCodes.Status200OK, "The job and its progress.");
            OperationResponses.Describe(operation, StatusCodes.Status403Forbidden, "The caller may not read (a deactivated owner, a revoked key).");
            OperationResponses.Describe(operation, StatusCodes.Status404NotFound, "No bulk job has this id.");
            return Task.CompletedTask;
        });

    public static RouteHandlerBuilder DescribeOutcomes(this RouteHandlerBuilder endpoint) => endpoint
        .WithName("GetBulkJobOutcomes")
        .WithSummary("Download the per-row outcome CSV")
        .WithDescription(
            "`row,to,message_id,sid,status,error`, one line per row of the upload. For a row that was sent, the status, SID and error " +
            "are the stored message's as they are now (the same as `GET /api/messages/{id}`); otherwise `pending`, `excluded` or `canceled` with the reason.")
        .Produces<string>(StatusCodes.Status200OK, BulkCsv.ContentType)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .AddOpenApiOperationTransformer((operation, _, _) =>
        {
            DescribeId(operation);
            OperationResponses.Describe(operation, StatusCodes.Status200OK, "The CSV.");
            OperationResponses.Describe(operation, StatusCodes.Status403Forbidden, "The caller may not read (a deactivated owner, a revoked key).");
            OperationResponses.Describe(operation, StatusCodes.Status404NotFound, "No bulk job has this id.");
            return Task.CompletedTask;
        });

    private static void DescribeId(OpenApiOperation operation)
    {
        if (operation.Parameters?.FirstOrDefault(p => p.Name == "id") is OpenApiParameter id)
        {
            id.Description = "The bulk job's id (a GUID), as in `Location` or `job.id`.";
        }
    }
}
