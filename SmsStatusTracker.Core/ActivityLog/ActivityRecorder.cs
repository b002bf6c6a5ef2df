using Microsoft.Extensions.Logging;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.ActivityLog;

/// <summary>
/// Writes an entry for an action that has just been done, at the one place each action is performed.
/// <para>
/// Failure policy: an entry is written after the action succeeded, never before, so the log shows only what
/// happened. If the store cannot take it, the action is not undone and is not reported as failed: a user
/// invited or an SMS already handed to Twilio would otherwise be "retried" into a duplicate. The entry is not
/// dropped silently either: it goes to the error log in full (it holds no secret), with a counter of such
/// failures, so an operator can see the gap and restore it from the logs.
/// </para>
/// </summary>
public sealed class ActivityRecorder(IActivityLog log, TimeProvider time, ILogger<ActivityRecorder> logger)
{
    private long failures;

    /// <summary>Entries that could not be stored since start (each also logged as an error).</summary>
    public long Failures => Interlocked.Read(ref failures);

    /// <summary>Records a stored message as sent (or sent again) by <paramref name="sender"/>; the target is the message id.</summary>
    public Task RecordSendAsync(ActingUser sender, Message message) =>
        RecordAsync(
            sender.Label,
            message.ResentFromId is null ? ActivityKind.Send : ActivityKind.Resend,
            message.Id.ToString(),
            message.ResentFromId is { } original ? $"to {message.To}, again of {original}" : $"to {message.To}");

    /// <summary>Records that <paramref name="actor"/> did <paramref name="kind"/> to <paramref name="target"/>; never throws for a store failure.</summary>
    public async Task RecordAsync(string actor, ActivityKind kind, string target, string? detail = null)
    {
        // Whole milliseconds: what both stores keep, so an entry reads back as it was written.
        var now = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
        var entry = new ActivityEntry(Guid.CreateVersion7(now), now, actor, kind, target, detail);
        try
        {
            // Not the caller's token: the action is done, and its record must not be abandoned with the request.
            await log.RecordAsync(entry, CancellationToken.None);
        }
        catch (Exception exception)
        {
            Interlocked.Increment(ref failures);
            logger.LogError(exception, "Activity not recorded: {Kind} by {Actor} on {Target} ({Detail}) at {At:O}",
                kind.ToWireName(), actor, target, detail, now);
        }
    }
}
