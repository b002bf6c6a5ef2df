using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Core.Retention;

/// <summary>What one clean-up pass did.</summary>
public sealed record RetentionOutcome(int BodiesRedacted, int MessagesDeleted, int ActivityDeleted = 0);

/// <summary>
/// One clean-up pass: deletes messages past <see cref="RetentionOptions.Messages"/>, then empties bodies past
/// <see cref="RetentionOptions.MessageBodies"/>, and activity entries past <see cref="RetentionOptions.Activity"/>, in batches until none is left; counts go to the metrics and the log.
/// </summary>
public sealed class RetentionJob(
    IMessageRetention store,
    RetentionMetrics metrics,
    TimeProvider time,
    IOptions<RetentionOptions> options,
    ILogger<RetentionJob> logger,
    ActivityLog.IActivityLog? activity = null)
{
    public async Task<RetentionOutcome> RunPassAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var deleted = 0;
        var redacted = 0;
        if (settings.Messages is { } keepMessages)
        {
            deleted = await RepeatAsync(batch => store.DeleteMessagesAsync(now - keepMessages, batch, cancellationToken), metrics.MessagesDeleted, settings.BatchSize);
        }

        if (settings.MessageBodies is { } keepBodies)
        {
            redacted = await RepeatAsync(batch => store.RedactBodiesAsync(now - keepBodies, batch, cancellationToken), metrics.BodiesRedacted, settings.BatchSize);
        }

        if (deleted + redacted > 0)
        {
            logger.LogInformation("Retention: deleted {Deleted} message(s) older than {Messages}, emptied {Redacted} body(ies) older than {MessageBodies}",
                deleted, settings.Messages, redacted, settings.MessageBodies);
        }
        else
        {
            logger.LogDebug("Retention: nothing to delete or empty");
        }

        var activityDeleted = 0;
        if (settings.Activity is { } keepActivity && activity is not null)
        {
            activityDeleted = await RepeatAsync(batch => activity.DeleteOlderThanAsync(now - keepActivity, batch, cancellationToken), _ => { }, settings.BatchSize);
            if (activityDeleted > 0)
            {
                logger.LogInformation("Retention: deleted {Deleted} activity entry(ies) older than {Activity}", activityDeleted, keepActivity);
            }
        }

        return new RetentionOutcome(redacted, deleted, activityDeleted);
    }

    private static async Task<int> RepeatAsync(Func<int, Task<int>> batch, Action<int> count, int batchSize)
    {
        var total = 0;
        while (true)
        {
            var done = await batch(batchSize);
            if (done > 0)
            {
                count(done);
            }

            total += done;
            if (done < batchSize)
            {
                return total;
            }
        }
    }
}
