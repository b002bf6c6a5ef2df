using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Twilio;

namespace SmsStatusTracker.Core.Sending.Idempotency;

/// <summary>
/// Runs a create at most once per (caller, key). The key is stored first, with the id its message will have; the
/// message record then decides, so every case resolves to one message:
/// <list type="bullet">
/// <item>key new: this request inserts the message and calls Twilio, then records its answer on the key;</item>
/// <item>key held for another request (another fingerprint): <see cref="IdempotencyKeyReusedException"/>;</item>
/// <item>answer recorded: that answer, as a replay;</item>
/// <item>message stored, Twilio's answer possibly still awaited (<see cref="SendInFlight"/>):
/// <see cref="IdempotencyKeyInFlightException"/>; after that window the message as it stands, as a replay (a send
/// cut short by a crash is settled by reconciliation, which finds it at Twilio or marks it never sent);</item>
/// <item>no message under the key's id: the request holding the key stopped before its insert (or has not got
/// there yet), so nothing was sent: this request sends it. The message id is unique, so if both get there only one
/// insert succeeds, and the other request gets <see cref="IdempotencyKeyInFlightException"/>.</item>
/// </list>
/// Expired keys are deleted at most once a minute per process, on the way to a claim.
/// </summary>
public sealed class IdempotentSend(
    IIdempotencyStore keys,
    IMessageStore messages,
    IOptions<IdempotencyOptions> options,
    IOptions<TwilioOptions> twilio,
    TimeProvider time,
    ILogger<IdempotentSend> logger)
{
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(1);

    private long nextPurgeTicks;

    /// <summary>
    /// <paramref name="send"/> stores a new message with the id it is given and sends it. <paramref name="scope"/> is
    /// the caller (their user id), <paramref name="fingerprint"/> the request (<see cref="RequestFingerprint"/>).
    /// </summary>
    public async Task<SendOutcome> RunAsync(string scope, string key, string fingerprint, Func<Guid, Task<Message>> send, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await PurgeIfDueAsync(now, cancellationToken);

        var claim = await keys.ClaimAsync(
            new IdempotencyRecord(scope, key, fingerprint, Guid.CreateVersion7(now), now, now + options.Value.KeyLifetime), now, cancellationToken);
        var record = claim.Record;
        if (!claim.IsNew)
        {
            if (record.Fingerprint != fingerprint)
            {
                throw new IdempotencyKeyReusedException(key);
            }

            if (record.Result is { } answered)
            {
                return new SendOutcome(answered, Replayed: true);
            }

            if (await messages.FindAsync(record.MessageId, cancellationToken) is { } stored)
            {
                return SendInFlight.MayBeUnderWay(stored, now, twilio.Value)
                    ? throw InFlight(key, stored.CreatedAt + SendInFlight.Window(twilio.Value) - now)
                    : new SendOutcome(stored, Replayed: true);
            }

            logger.LogInformation("Idempotency key of message {MessageId} has no message yet; this request sends it", record.MessageId);
        }

        Message sent;
        try
        {
            sent = await send(record.MessageId);
        }
        catch (DuplicateMessageException)
        {
            // Another request with this key inserted the message first: it is the one calling Twilio.
            throw InFlight(key, SendInFlight.Window(twilio.Value));
        }

        try
        {
            await keys.CompleteAsync(scope, key, record.MessageId, sent, CancellationToken.None);
        }
        catch (StoreUnavailableException exception)
        {
            // The message itself answers a retry: it is found under the key's id.
            logger.LogWarning("Could not record the answer for idempotency key of message {MessageId}: {Reason}", record.MessageId, exception.Message);
        }

        return new SendOutcome(sent, Replayed: false);
    }

    private static IdempotencyKeyInFlightException InFlight(string key, TimeSpan remaining) =>
        new(key, remaining > TimeSpan.FromSeconds(1) ? remaining : TimeSpan.FromSeconds(1));

    private async Task PurgeIfDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = Interlocked.Read(ref nextPurgeTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref nextPurgeTicks, (now + PurgeInterval).UtcTicks, due) != due)
        {
            return;
        }

        try
        {
            var removed = await keys.RemoveExpiredAsync(now, cancellationToken);
            if (removed > 0)
            {
                logger.LogDebug("Deleted {Count} expired idempotency key(s)", removed);
            }
        }
        catch (StoreUnavailableException exception)
        {
            // Expired keys never answer a claim anyway; the next purge takes them.
            logger.LogDebug("Could not delete expired idempotency keys: {Reason}", exception.Message);
        }
    }
}
