using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Bulk;
using SmsStatusTracker.Core.Sending;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Web.Endpoints.Messages;
using SmsStatusTracker.Web.Hosting;
using SmsStatusTracker.Web.Identity;

namespace SmsStatusTracker.Web.Endpoints.Bulk;

/// <summary>
/// Bulk jobs over REST: upload (multipart <c>file</c> or a <c>text/csv</c> body) answers the preflight report and a job
/// waiting for <c>start</c>; then pause, resume, cancel, progress and the per-row outcome CSV. Operators and Admins
/// create and control; Viewers read. <see cref="BulkJobService"/> decides every right again from the store.
/// </summary>
public static class BulkJobEndpoints
{
    public const string Path = RoutePrefixes.Api + "/bulk-jobs";

    public static string OutcomesPathFor(Guid id) => $"{Path}/{id}/rows.csv";

    public static RouteGroupBuilder MapBulkJobs(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Path)
            .RequireAuthorization(Policies.ApiRead)
            .WithTags("Bulk jobs")
            .DescribeBulkApi();

        var controls = group.MapGroup("").RequireAuthorization(Policies.ApiSend).DisableAntiforgery();
        controls.MapPost("/", CreateAsync).DescribeCreate();
        controls.MapPost("/resend-failed", ResendFailedAsync).DescribeResendFailed();
        controls.MapPost("/{id:guid}/start", (Guid id, ClaimsPrincipal user, [FromServices] BulkJobService jobs, CancellationToken ct) =>
            ControlAsync(id, () => jobs.StartAsync(id, user.ToActor(), ct), jobs, user, ct)).DescribeControl("StartBulkJob", "Confirm the preflight report and start sending");
        controls.MapPost("/{id:guid}/pause", (Guid id, ClaimsPrincipal user, [FromServices] BulkJobService jobs, CancellationToken ct) =>
            ControlAsync(id, () => jobs.PauseAsync(id, user.ToActor(), ct), jobs, user, ct)).DescribeControl("PauseBulkJob", "Pause a running job");
        controls.MapPost("/{id:guid}/resume", (Guid id, ClaimsPrincipal user, [FromServices] BulkJobService jobs, CancellationToken ct) =>
            ControlAsync(id, () => jobs.ResumeAsync(id, user.ToActor(), ct), jobs, user, ct)).DescribeControl("ResumeBulkJob", "Resume a paused job");
        controls.MapPost("/{id:guid}/cancel", (Guid id, ClaimsPrincipal user, [FromServices] BulkJobService jobs, CancellationToken ct) =>
            ControlAsync(id, () => jobs.CancelAsync(id, user.ToActor(), ct), jobs, user, ct)).DescribeControl("CancelBulkJob", "Cancel a job: rows not yet sent are never sent");

        var reads = group.MapGroup("").AddEndpointFilter(new RequireCurrentActorFilter(AppPermission.ViewMessages));
        reads.MapGet("/{id:guid}", GetAsync).DescribeGetJob();
        reads.MapGet("/{id:guid}/rows.csv", OutcomesAsync).DescribeOutcomes();
        return group;
    }

    private static async Task<Results<Created<BulkJobCreatedResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpRequest request, ClaimsPrincipal user, [FromServices] BulkUpload upload, [FromServices] BulkJobService jobs, CancellationToken cancellationToken)
    {
        if (request.ContentLength > upload.MaxFileBytes + 64 * 1024)
        {
            return TooLarge(upload.MaxFileBytes);
        }

        try
        {
            string? template = request.Query["template"];
            string source = request.Query["name"].ToString() is { Length: > 0 } named ? named : "upload.csv";
            IReadOnlyList<BulkCandidate> candidates;
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(cancellationToken);
                if (form.Files.GetFile("file") is not { } file)
                {
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["Attach the CSV as the form field 'file'."] }, title: "No file");
                }

                template = form["template"].ToString() is { Length: > 0 } formTemplate ? formTemplate : template;
                source = file.FileName is { Length: > 0 } fileName ? fileName : source;
                await using var stream = file.OpenReadStream();
                candidates = await upload.ReadAsync(stream, template, cancellationToken);
            }
            else if (request.ContentType?.StartsWith(BulkCsv.ContentType, StringComparison.OrdinalIgnoreCase) == true)
            {
                candidates = await upload.ReadAsync(request.Body, template, cancellationToken);
            }
            else
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send a CSV", detail: "Send multipart/form-data with a 'file' field, or a text/csv body.");
            }

            var (job, report) = await jobs.CreateAsync(candidates, source, user.ToActor(), cancellationToken);
            var progress = BulkJobProgress.From(job.TotalRows, new Dictionary<BulkRowOutcome, int> { [BulkRowOutcome.Excluded] = report.Rows.Count - report.ToSend, [BulkRowOutcome.Pending] = report.ToSend });
            return TypedResults.Created($"{Path}/{job.Id}", new BulkJobCreatedResponse(BulkJobResponse.Of(job, progress), BulkPreflightResponse.Of(report)));
        }
        catch (Exception exception) when (Refusal(exception) is { } refusal)
        {
            return refusal;
        }
        catch (SendSmsValidationException invalid)
        {
            return TypedResults.ValidationProblem(invalid.Errors, title: "The file cannot be sent");
        }
    }

    private static async Task<Results<Created<BulkJobCreatedResponse>, ValidationProblem, ProblemHttpResult>> ResendFailedAsync(
        HttpRequest request, ClaimsPrincipal user, [FromServices] BulkJobService jobs, CancellationToken cancellationToken)
    {
        var (query, errors) = MessageListQuery.Parse(request.Query);
        if (query is null)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid filters");
        }

        try
        {
            var (job, report) = await jobs.CreateResendFailedAsync(query, user.ToActor(), cancellationToken);
            var progress = BulkJobProgress.From(job.TotalRows, new Dictionary<BulkRowOutcome, int> { [BulkRowOutcome.Excluded] = report.Rows.Count - report.ToSend, [BulkRowOutcome.Pending] = report.ToSend });
            return TypedResults.Created($"{Path}/{job.Id}", new BulkJobCreatedResponse(BulkJobResponse.Of(job, progress), BulkPreflightResponse.Of(report)));
        }
        catch (Exception exception) when (Refusal(exception) is { } refusal)
        {
            return refusal;
        }
        catch (SendSmsValidationException invalid)
        {
            return TypedResults.ValidationProblem(invalid.Errors, title: "Nothing to send again");
        }
    }

    private static async Task<Results<Ok<BulkJobResponse>, ProblemHttpResult>> ControlAsync(
        Guid id, Func<Task<BulkJob>> action, BulkJobService jobs, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        try
        {
            await action();
            var (job, progress) = (await jobs.GetAsync(id, user.ToActor(), cancellationToken))!.Value;
            return TypedResults.Ok(BulkJobResponse.Of(job, progress));
        }
        catch (Exception exception) when (Refusal(exception) is { } refusal)
        {
            return refusal;
        }
    }

    private static async Task<Results<Ok<BulkJobResponse>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal user, [FromServices] BulkJobService jobs, CancellationToken cancellationToken)
    {
        try
        {
            return await jobs.GetAsync(id, user.ToActor(), cancellationToken) is { } found
                ? TypedResults.Ok(BulkJobResponse.Of(found.Job, found.Progress))
                : NotFound(id);
        }
        catch (Exception exception) when (Refusal(exception) is { } refusal)
        {
            return refusal;
        }
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> OutcomesAsync(
        Guid id, HttpContext http, [FromServices] BulkJobService jobs, [FromServices] BulkOutcomes outcomes, CancellationToken cancellationToken)
    {
        var actor = http.User.ToActor();
        if (await jobs.GetAsync(id, actor, cancellationToken) is null)
        {
            return NotFound(id);
        }

        http.Response.ContentType = BulkCsv.ContentType + "; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=bulk-job-{id}.csv";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), leaveOpen: true);
        await BulkCsv.WriteOutcomesAsync(writer, outcomes.LinesAsync(id, actor, cancellationToken), cancellationToken);
        await writer.FlushAsync(cancellationToken);
        return TypedResults.Empty;
    }

    private static ProblemHttpResult? Refusal(Exception exception) => exception switch
    {
        ActionNotAllowedException refused => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: refused.Message),
        BulkJobNotFoundException missing => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such bulk job", detail: missing.Message),
        BulkJobStateException conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not possible in the job's state", detail: conflict.Message),
        StoreUnavailableException => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Store unavailable", detail: "Nothing was changed. Try again shortly."),
        _ => null,
    };

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such bulk job", detail: $"No bulk job has id {id}.");

    private static ProblemHttpResult TooLarge(long limit) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "File too large", detail: $"The file is larger than {BulkUpload.Describe(limit)} (Bulk:MaxFileBytes); split it into several jobs.");
}
