using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Sending;
using SmsStatusTracker.Core.Storage;

namespace SmsStatusTracker.Core.Bulk;

/// <summary>
/// What people do with bulk jobs, each action authorized here from the acting principal (pages and REST alike):
/// creating and controlling a job needs <see cref="AppPermission.SendMessages"/> (Operators, Admins); reading its
/// progress needs <see cref="AppPermission.ViewMessages"/> (Viewers too). Creating runs preflight and stores the job
/// waiting for confirmation: nothing is sent until <see cref="StartAsync"/>.
/// </summary>
public sealed class BulkJobService(
    IBulkJobStore store,
    IMessageStore messages,
    BulkPreflight preflight,
    ActorAuthorizer authorizer,
    IOptions<BulkOptions> options,
    TimeProvider time,
    ILogger<BulkJobService> logger)
{
    /// <summary>Preflight only: what a job from these rows would send, nothing stored.</summary>
    public async Task<BulkPreflightReport> PreflightAsync(IReadOnlyList<BulkCandidate> candidates, Actor actor, CancellationToken cancellationToken)
    {
        await authorizer.AuthorizeAsync(actor, AppPermission.SendMessages, cancellationToken);
        EnsureWithinLimit(candidates.Count);
        return await preflight.CheckAsync(candidates, cancellationToken);
    }

    /// <summary>
    /// Runs preflight and stores the job (excluded rows included, as <see cref="BulkRowOutcome.Excluded"/>) in
    /// <see cref="BulkJobState.AwaitingConfirmation"/>. Throws <see cref="SendSmsValidationException"/> when no row can be sent.
    /// </summary>
    public async Task<(BulkJob Job, BulkPreflightReport Report)> CreateAsync(IReadOnlyList<BulkCandidate> candidates, string source, Actor actor, CancellationToken cancellationToken)
    {
        var owner = await authorizer.AuthorizeAsync(actor, AppPermission.SendMessages, cancellationToken);
        EnsureWithinLimit(candidates.Count);
        var report = await preflight.CheckAsync(candidates, cancellationToken);
        if (report.ToSend == 0)
        {
            throw new SendSmsValidationException(new Dictionary<string, string[]> { ["file"] = [$"No row can be sent: all {report.Rows.Count} were excluded by preflight."] });
        }

        var now = time.GetUtcNow();
        var job = new BulkJob
        {
            Id = Guid.CreateVersion7(now),
            OwnerUserId = owner.UserId,
            OwnerApiKeyId = owner.ApiKey?.Id,
            CreatedBy = owner.Label,
            Source = string.IsNullOrWhiteSpace(source) ? "upload" : source.Trim(),
            State = BulkJobState.AwaitingConfirmation,
            CreatedAt = now,
            UpdatedAt = now,
            TotalRows = report.Rows.Count,
        };
        var rows = report.Rows.Select(r => new BulkRow
        {
            JobId = job.Id,
            RowNumber = r.RowNumber,
            To = r.To,
            Body = r.Body,
            ResentFromId = r.ResentFromId,
            Outcome = r.WillSend ? BulkRowOutcome.Pending : BulkRowOutcome.Excluded,
            Error = r.Reason,
        }).ToList();
        await store.AddAsync(job, rows, cancellationToken);
        logger.LogInformation("{Owner} created bulk job {JobId}: {ToSend} of {Rows} rows to send", owner.Label, job.Id, report.ToSend, report.Rows.Count);
        return (job, report);
    }

    /// <summary>
    /// A job that sends again the failed messages matching <paramref name="filter"/> (the log's filter), only those
    /// <see cref="ResendRule"/> allows (retryable errors); each row references its original. Throws
    /// <see cref="SendSmsValidationException"/> when none qualifies.
    /// </summary>
    public async Task<(BulkJob Job, BulkPreflightReport Report)> CreateResendFailedAsync(MessageQuery filter, Actor actor, CancellationToken cancellationToken)
    {
        await authorizer.AuthorizeAsync(actor, AppPermission.SendMessages, cancellationToken);
        var failed = filter.Statuses.Count == 0 ? [MessageStatus.Failed, MessageStatus.Undelivered] : filter.Statuses;
        var query = filter with { Statuses = failed, PageSize = MessageQuery.MaxPageSize, Page = 1, Before = null, After = null, Sort = MessageSort.OldestFirst };
        var candidates = new List<BulkCandidate>();
        var skipped = 0;
        while (true)
        {
            var page = await messages.ListAsync(query, cancellationToken);
            foreach (var original in page.Items)
            {
                if (ResendRule.WhyNot(original) is not null)
                {
                    skipped++;
                    continue;
                }

                EnsureWithinLimit(candidates.Count + 1);
                candidates.Add(new BulkCandidate(candidates.Count + 1, original.To, original.Body, ResentFromId: original.Id));
            }

            if (page.Items.Count < query.PageSize || page.Older is null)
            {
                break;
            }

            query = query with { Before = page.Older };
        }

        if (candidates.Count == 0)
        {
            throw new SendSmsValidationException(new Dictionary<string, string[]>
            {
                ["filter"] = [$"No failed message matching the filter can be sent again ({skipped} failed for a reason a resend cannot fix)."],
            });
        }

        return await CreateAsync(candidates, $"Resend failed ({candidates.Count} of {candidates.Count + skipped} failed messages)", actor, cancellationToken);
    }

    /// <summary>The operator confirms the preflight report: the job starts sending.</summary>
    public Task<BulkJob> StartAsync(Guid id, Actor actor, CancellationToken cancellationToken) =>
        ControlAsync(id, actor, [BulkJobState.AwaitingConfirmation], BulkJobState.Running, "start", cancellationToken);

    public Task<BulkJob> PauseAsync(Guid id, Actor actor, CancellationToken cancellationToken) =>
        ControlAsync(id, actor, [BulkJobState.Running], BulkJobState.Paused, "pause", cancellationToken);

    public Task<BulkJob> ResumeAsync(Guid id, Actor actor, CancellationToken cancellationToken) =>
        ControlAsync(id, actor, [BulkJobState.Paused], BulkJobState.Running, "resume", cancellationToken);

    /// <summary>Stops the job for good: rows not yet sent become <see cref="BulkRowOutcome.Canceled"/>; a row already with Twilio finishes.</summary>
    public async Task<BulkJob> CancelAsync(Guid id, Actor actor, CancellationToken cancellationToken)
    {
        var job = await ControlAsync(id, actor, [BulkJobState.AwaitingConfirmation, BulkJobState.Running, BulkJobState.Paused], BulkJobState.Canceled, "cancel", cancellationToken);
        await store.SettlePendingAsync(id, BulkRowOutcome.Canceled, cancellationToken);
        return job;
    }

    /// <summary>The job and its counts; null when there is none.</summary>
    public async Task<(BulkJob Job, BulkJobProgress Progress)?> GetAsync(Guid id, Actor actor, CancellationToken cancellationToken)
    {
        await authorizer.AuthorizeAsync(actor, AppPermission.ViewMessages, cancellationToken);
        if (await store.FindAsync(id, cancellationToken) is not { } job)
        {
            return null;
        }

        return (job, BulkJobProgress.From(job.TotalRows, await store.CountAsync(id, cancellationToken)));
    }

    public async Task<IReadOnlyList<BulkJob>> ListAsync(Actor actor, int limit, CancellationToken cancellationToken)
    {
        await authorizer.AuthorizeAsync(actor, AppPermission.ViewMessages, cancellationToken);
        return await store.ListAsync(limit, cancellationToken);
    }

    /// <summary>Rows in order (excluded ones only, for the preflight report), for readers of the job.</summary>
    public async Task<IReadOnlyList<BulkRow>> RowsAsync(Guid id, int afterRow, int limit, bool excludedOnly, Actor actor, CancellationToken cancellationToken)
    {
        await authorizer.AuthorizeAsync(actor, AppPermission.ViewMessages, cancellationToken);
        return await store.RowsAsync(id, afterRow, limit, excludedOnly, cancellationToken);
    }

    private async Task<BulkJob> ControlAsync(Guid id, Actor actor, BulkJobState[] from, BulkJobState to, string verb, CancellationToken cancellationToken)
    {
        var who = await authorizer.AuthorizeAsync(actor, AppPermission.SendMessages, cancellationToken);
        var before = await store.FindAsync(id, cancellationToken) ?? throw new BulkJobNotFoundException(id);
        var job = from.Contains(before.State)
            ? await store.TransitionAsync(id, from, to, pausedReason: null, time.GetUtcNow(), cancellationToken) ?? throw new BulkJobNotFoundException(id)
            : before;
        if (!from.Contains(before.State) || job.State != to)
        {
            throw new BulkJobStateException($"Job {id} is {Describe(job.State)}; it cannot {verb} now.");
        }

        logger.LogInformation("{Actor} did {Verb} on bulk job {JobId}", who.Label, verb, id);
        return job;
    }

    private void EnsureWithinLimit(int rows)
    {
        if (rows > options.Value.MaxRows)
        {
            throw new SendSmsValidationException(new Dictionary<string, string[]>
            {
                ["file"] = [$"A bulk job may have at most {options.Value.MaxRows:N0} rows (Bulk:MaxRows); split the list."],
            });
        }
    }

    public static string Describe(BulkJobState state) => state switch
    {
        BulkJobState.AwaitingConfirmation => "waiting for confirmation",
        BulkJobState.Running => "running",
        BulkJobState.Paused => "paused",
        BulkJobState.Canceled => "canceled",
        _ => "completed",
    };
}

/// <summary>No bulk job has that id (404).</summary>
public sealed class BulkJobNotFoundException(Guid id) : Exception($"No bulk job has id {id}.");

/// <summary>The action does not fit the job's state, e.g. resuming a job that is not paused (409).</summary>
public sealed class BulkJobStateException(string message) : Exception(message);
