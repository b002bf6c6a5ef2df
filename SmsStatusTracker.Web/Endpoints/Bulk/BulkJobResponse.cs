using SmsStatusTracker.Core.Bulk;

namespace SmsStatusTracker.Web.Endpoints.Bulk;

/// <summary>A bulk job as the API shows it: its state and its rows counted by outcome.</summary>
public sealed record BulkJobResponse(
    Guid Id,
    string State,
    string? PausedReason,
    string Source,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    BulkProgressResponse Progress)
{
    public static BulkJobResponse Of(BulkJob job, BulkJobProgress progress) => new(
        job.Id, StateName(job.State), job.PausedReason, job.Source, job.CreatedBy, job.CreatedAt, job.CompletedAt, BulkProgressResponse.Of(progress));

    /// <summary><c>awaiting_confirmation</c>, <c>running</c>, <c>paused</c>, <c>canceled</c>, <c>completed</c>.</summary>
    public static string StateName(BulkJobState state) => state switch
    {
        BulkJobState.AwaitingConfirmation => "awaiting_confirmation",
        _ => state.ToString().ToLowerInvariant(),
    };
}

/// <summary>Rows by outcome; <c>remaining</c> are still to be sent, <c>reconciling</c> are left to reconciliation (never resent).</summary>
public sealed record BulkProgressResponse(int Total, int Excluded, int Sent, int Failed, int Suppressed, int Reconciling, int Canceled, int Remaining, double PercentDone)
{
    public static BulkProgressResponse Of(BulkJobProgress p) =>
        new(p.Total, p.Excluded, p.Sent, p.Failed, p.Suppressed, p.Reconciling, p.Canceled, p.Remaining, Math.Round(p.PercentDone, 1));
}

/// <summary>What preflight found: the rows to send, their segments in total, and every row left out with why.</summary>
public sealed record BulkPreflightResponse(int Rows, int ToSend, int TotalSegments, int Ucs2Rows, IReadOnlyDictionary<string, int> ExcludedBy, IReadOnlyList<BulkExcludedRowResponse> Excluded)
{
    public static BulkPreflightResponse Of(BulkPreflightReport report) => new(
        report.Rows.Count,
        report.ToSend,
        report.TotalSegments,
        report.Ucs2Rows,
        report.ExcludedBy.ToDictionary(e => CategoryName(e.Key), e => e.Value),
        report.Excluded.Select(r => new BulkExcludedRowResponse(r.RowNumber, r.To, CategoryName(r.Exclusion!.Value), r.Reason!)).ToList());

    /// <summary><c>invalid_number</c>, <c>duplicate</c>, <c>opted_out</c>, <c>template_error</c>, <c>invalid_body</c>.</summary>
    public static string CategoryName(BulkExclusion exclusion) => exclusion switch
    {
        BulkExclusion.InvalidNumber => "invalid_number",
        BulkExclusion.Duplicate => "duplicate",
        BulkExclusion.OptedOut => "opted_out",
        BulkExclusion.TemplateError => "template_error",
        _ => "invalid_body",
    };
}

public sealed record BulkExcludedRowResponse(int Row, string To, string Category, string Reason);

/// <summary>A job just created from an upload: waiting for <c>POST …/start</c>, with its preflight report.</summary>
public sealed record BulkJobCreatedResponse(BulkJobResponse Job, BulkPreflightResponse Preflight);
