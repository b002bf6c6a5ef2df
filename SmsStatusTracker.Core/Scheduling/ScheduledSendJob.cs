using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.OptOuts;
using SmsStatusTracker.Core.Sending;
using SmsStatusTracker.Core.Storage;

namespace SmsStatusTracker.Core.Scheduling;

/// <summary>
/// One pass over the app-held scheduled messages: each one due is <em>claimed</em> (scheduled → created, in one
/// conditional store update carrying a fresh claim id) before anything else, then its scheduling user is re-checked
/// (<see cref="ActorAuthorizer"/>, as for every send), the opt-out ledger asked, and it is sent through
/// <see cref="SmsSender.SendClaimedAsync"/>, the same Twilio call as an immediate send. A claim is never taken twice: a
/// message claimed and then abandoned (the process died) is no longer <c>scheduled</c>, so no later pass sends it;
/// reconciliation settles it like any send whose outcome is unknown (<see cref="ScheduledTimes.AskedTwilioAt"/>).
/// </summary>
public sealed class ScheduledSendJob(
    IMessageStore store,
    ActorAuthorizer authorizer,
    OptOutLedger optOuts,
    IMessageChangeNotifier notifier,
    IServiceProvider services,
    TimeProvider time,
    ILogger<ScheduledSendJob> logger)
{
    private const int PageSize = 200;

    /// <summary>Sends every app-held message due now; returns how many it claimed.</summary>
    public async Task<int> RunPassAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var claimed = 0;
        foreach (var due in await FindDueAsync(now, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await TryClaimAsync(due.Id, now, cancellationToken) is { } message)
            {
                claimed++;
                await SendAsync(message);
            }
        }

        return claimed;
    }

    /// <summary>Claims the message if it is still held and due: only the caller whose claim id was stored may send it.</summary>
    public async Task<Message?> TryClaimAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var claimId = Guid.NewGuid();
        var created = new StatusEvent { RawStatus = MessageStatus.Created.ToWireName(), Source = StatusEventSource.Local, ReceivedAt = now };
        var stored = await store.UpdateAsync(
            id,
            current => IsDue(current, now)
                ? current with
                {
                    Status = MessageStatus.Created,
                    Schedule = current.Schedule! with { ClaimedAt = now, ClaimId = claimId },
                    History = [.. current.History, created],
                    UpdatedAt = now > current.UpdatedAt ? now : current.UpdatedAt,
                }
                : current,
            cancellationToken);
        return stored?.Schedule?.ClaimId == claimId ? stored : null;
    }

    private static bool IsDue(Message message, DateTimeOffset now) =>
        SendPlanner.HeldByApp(message) && message.Schedule!.SendAt <= now;

    private async Task<IReadOnlyList<Message>> FindDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Held messages are few next to the log; the status filter reads only them, oldest first, a page at a time.
        var due = new List<Message>();
        var query = new MessageQuery { Statuses = [MessageStatus.Scheduled], Sort = MessageSort.OldestFirst, PageSize = PageSize };
        while (true)
        {
            var page = await store.ListAsync(query, cancellationToken);
            due.AddRange(page.Items.Where(m => IsDue(m, now)));
            if (page.Older is not { } next || page.Items.Count == 0)
            {
                return due;
            }

            query = query with { Before = next };
        }
    }

    // From here the claim is ours: whatever happens, this message is never claimed again.
    private async Task SendAsync(Message claimed)
    {
        var schedule = claimed.Schedule!;
        try
        {
            var check = await authorizer.CheckAsync(new Actor(schedule.UserId, ApiKeyId: schedule.ApiKeyId), AppPermission.SendMessages, CancellationToken.None);
            if (check.User is not { } sender)
            {
                await NotSentAsync(claimed, $"Not sent at its time: {check.Refusal}");
                return;
            }

            try
            {
                await optOuts.EnsureMayTextAsync(claimed.To, sender, CancellationToken.None);
            }
            catch (RecipientOptedOutException optedOut)
            {
                await NotSentAsync(claimed, $"Not sent at its time: {optedOut.Errors["to"][0]}");
                return;
            }

            var sent = await services.GetRequiredService<SmsSender>().SendClaimedAsync(claimed);
            logger.LogInformation("Sent scheduled message {MessageId} due {SendAt}: {Status}", claimed.Id, schedule.SendAt, sent.Status);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Left as claimed: reconciliation finds out whether Twilio has it; sending again could send it twice.
            logger.LogError(exception, "Scheduled message {MessageId} was claimed but its send did not finish; reconciliation settles it", claimed.Id);
        }
    }

    private async Task NotSentAsync(Message claimed, string reason)
    {
        logger.LogWarning("Scheduled message {MessageId} was not sent: {Reason}", claimed.Id, reason);
        var failed = new StatusEvent { RawStatus = MessageStatus.Failed.ToWireName(), Source = StatusEventSource.Local, ReceivedAt = time.GetUtcNow(), ErrorMessage = reason };
        var updated = await store.UpdateAsync(
            claimed.Id,
            current => current.Status == MessageStatus.Created && current.Sid is null ? StatusTransitions.Apply(current, failed) with { ErrorMessage = reason } : current,
            CancellationToken.None);
        if (updated is not null)
        {
            await notifier.NotifySafelyAsync(logger, updated, MessageChangeKind.StatusChanged, CancellationToken.None);
        }
    }
}
