using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.OptOuts;
using SmsStatusTracker.Core.Sending;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Twilio;

namespace SmsStatusTracker.Core.Bulk;

/// <summary>
/// Works through the rows of running jobs, paced (<see cref="BulkPacer"/>), through the normal sending path
/// (<see cref="SmsSender"/>: the owner's right to send re-checked, the opt-out ledger enforced, the message stored
/// before Twilio is called). Everything it needs is in the store, so after a crash it simply goes on with the rows
/// still pending.
/// </summary>
/// <remarks>
/// Exactly once per row: a row's message id is derived from job and row (<see cref="BulkRow.MessageIdFor"/>). Before
/// sending, the runner looks the id up; if a record exists, an earlier attempt got at least as far as storing it, and
/// the row is settled from that record instead of being sent: with a SID it was sent; still <c>created</c> without
/// one, Twilio may or may not have it, so the row is <see cref="BulkRowOutcome.Reconciling"/> and reconciliation finds
/// it at Twilio (linked) or, after <c>Reconciliation:AssumeNeverCreatedAfter</c>, marks it failed. Should two
/// attempts race past the lookup, the store refuses the second record (<see cref="DuplicateMessageException"/>)
/// before Twilio is called.
/// </remarks>
public sealed class BulkJobRunner(
    IBulkJobStore store,
    IMessageStore messages,
    IServiceProvider services,
    BulkPacer pacer,
    IOptions<BulkOptions> options,
    IOptions<TwilioOptions> twilio,
    TimeProvider time,
    ILogger<BulkJobRunner> logger)
{
    private const int BatchSize = 200;

    /// <summary>One pass: every running job is worked on until it is done, paused or canceled. Returns how many rows were settled.</summary>
    public async Task<int> RunPassAsync(CancellationToken cancellationToken)
    {
        var settled = 0;
        foreach (var job in await store.FindInStateAsync(BulkJobState.Running, cancellationToken))
        {
            settled += await RunJobAsync(job.Id, cancellationToken);
        }

        return settled;
    }

    /// <summary>Sends the pending rows of job <paramref name="jobId"/> while it is running; completes it when none is left.</summary>
    public async Task<int> RunJobAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var sender = twilio.Value.MessagingServiceSid ?? twilio.Value.EffectiveFrom ?? "default";
        var settled = 0;
        var afterRow = 0;
        while (true)
        {
            if (await store.FindAsync(jobId, cancellationToken) is not { State: BulkJobState.Running } job)
            {
                return settled;
            }

            var batch = await store.PendingRowsAsync(jobId, afterRow, BatchSize, cancellationToken);
            if (batch.Count == 0)
            {
                if (await store.CountAsync(jobId, cancellationToken) is var counts && (!counts.TryGetValue(BulkRowOutcome.Pending, out var pending) || pending == 0))
                {
                    await store.TransitionAsync(jobId, [BulkJobState.Running], BulkJobState.Completed, null, time.GetUtcNow(), cancellationToken);
                    logger.LogInformation("Bulk job {JobId} completed", jobId);
                }

                return settled;
            }

            afterRow = batch[^1].RowNumber;
            var stop = false;
            var settlements = new BulkRowSettlements(store, jobId, time);
            var state = new JobStateWatch(store, jobId, time);
            try
            {
                await Parallel.ForEachAsync(
                    batch,
                    new ParallelOptions { MaxDegreeOfParallelism = settings.MaxConcurrentSends, CancellationToken = cancellationToken },
                    async (row, token) =>
                    {
                        if (Volatile.Read(ref stop) || !await state.IsRunningAsync(token))
                        {
                            Volatile.Write(ref stop, true);
                            return;
                        }

                        await pacer.WaitForTurnAsync(sender, token);
                        // Asked again after the wait, so a pause or cancel stops all but the sends already with Twilio.
                        if (Volatile.Read(ref stop) || !await state.IsRunningAsync(token))
                        {
                            Volatile.Write(ref stop, true);
                            return;
                        }

                        var (settlement, pauseReason) = await SendRowAsync(job, row, token);
                        if (pauseReason is not null)
                        {
                            Volatile.Write(ref stop, true);
                            await store.TransitionAsync(jobId, [BulkJobState.Running], BulkJobState.Paused, pauseReason, time.GetUtcNow(), CancellationToken.None);
                            logger.LogWarning("Bulk job {JobId} paused: {Reason}", jobId, pauseReason);
                            return;
                        }

                        if (settlement is not null)
                        {
                            await settlements.AddAsync(settlement);
                            Interlocked.Increment(ref settled);
                        }
                    });
            }
            finally
            {
                await settlements.FlushAsync();
            }

            if (stop)
            {
                return settled;
            }
        }
    }

    /// <summary>Sends one row (or settles it from the record an earlier attempt left): its outcome, or a reason to pause the job.</summary>
    private async Task<(BulkRowSettlement? Settlement, string? PauseReason)> SendRowAsync(BulkJob job, BulkRow row, CancellationToken cancellationToken)
    {
        var id = BulkRow.MessageIdFor(job.Id, row.RowNumber);
        if (await messages.FindAsync(id, cancellationToken) is { } earlier)
        {
            return (SettlementFrom(row, earlier), null);
        }

        try
        {
            // Transient: SmsSender is registered per use, and its Twilio client rotates handlers through IHttpClientFactory.
            var smsSender = services.GetRequiredService<SmsSender>();
            var message = await smsSender.SendWithIdAsync(new SendSmsRequest(row.To, row.Body, row.ResentFromId), job.Owner, id, cancellationToken);
            return (SettlementFrom(row, message), null);
        }
        catch (DuplicateMessageException)
        {
            return (await messages.FindAsync(id, CancellationToken.None) is { } stored ? SettlementFrom(row, stored) : null, null);
        }
        catch (ActionNotAllowedException refused)
        {
            return (null, $"The job's owner ({job.CreatedBy}) may not send now: {refused.Message}");
        }
        catch (RecipientOptedOutException optedOut)
        {
            return (new BulkRowSettlement(row.RowNumber, BulkRowOutcome.Suppressed, null, optedOut.Errors["to"][0]), null);
        }
        catch (SendSmsValidationException invalid)
        {
            return (new BulkRowSettlement(row.RowNumber, BulkRowOutcome.Failed, null, string.Join(" ", invalid.Errors.SelectMany(e => e.Value))), null);
        }
    }

    private static BulkRowSettlement SettlementFrom(BulkRow row, Message message)
    {
        var (outcome, error) = message switch
        {
            { Sid: not null } => (BulkRowOutcome.Sent, null),
            { Status: MessageStatus.Failed or MessageStatus.Undelivered } => (BulkRowOutcome.Failed, message.ErrorCode is { } code ? $"{code}: {message.ErrorMessage}" : message.ErrorMessage),
            _ => (BulkRowOutcome.Reconciling, "Twilio's answer is unknown; reconciliation settles it (never sent again)."),
        };
        return new BulkRowSettlement(row.RowNumber, outcome, message.Id, error);
    }

    /// <summary>Whether the job is still running, read from the store at most every 200 ms (a pause takes effect within that).</summary>
    private sealed class JobStateWatch(IBulkJobStore store, Guid jobId, TimeProvider time)
    {
        private static readonly TimeSpan MaxAge = TimeSpan.FromMilliseconds(200);
        private readonly SemaphoreSlim reading = new(1, 1);
        private DateTimeOffset readAt = DateTimeOffset.MinValue;
        private bool running;

        public async Task<bool> IsRunningAsync(CancellationToken cancellationToken)
        {
            if (time.GetUtcNow() - readAt < MaxAge)
            {
                return running;
            }

            await reading.WaitAsync(cancellationToken);
            try
            {
                if (time.GetUtcNow() - readAt >= MaxAge)
                {
                    running = await store.FindAsync(jobId, cancellationToken) is { State: BulkJobState.Running };
                    readAt = time.GetUtcNow();
                }

                return running;
            }
            finally
            {
                reading.Release();
            }
        }
    }
}
