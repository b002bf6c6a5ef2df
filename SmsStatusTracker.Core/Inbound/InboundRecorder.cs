using Microsoft.Extensions.Logging;
using SmsStatusTracker.Core.OptOuts;

namespace SmsStatusTracker.Core.Inbound;

/// <summary>
/// Takes one inbound message: its keyword (if any) is applied to the opt-out ledger, then the message is stored;
/// returns only once both are durable, so the webhook may answer 200. A retry (same SID) changes nothing twice: the
/// ledger entry's id comes from the SID, and the store keeps the first copy. The ledger goes first so that a crash
/// between the two leaves the message unstored and Twilio's retry completes it.
/// </summary>
public sealed class InboundRecorder(IInboundMessageStore store, OptOutLedger ledger, IInboundMessageNotifier notifier, ILogger<InboundRecorder> logger)
{
    /// <summary>True when the message is new; false for a repeat of one already stored.</summary>
    public async Task<bool> RecordAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        await ledger.ApplyInboundAsync(message, cancellationToken);
        if (!await store.AddAsync(message, cancellationToken))
        {
            logger.LogDebug("Inbound message {Sid} was already stored; not stored again", message.Sid);
            return false;
        }

        logger.LogInformation("Inbound message {Sid} stored", message.Sid);
        try
        {
            await notifier.InboundReceivedAsync(message, CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            logger.LogWarning(exception, "Could not announce inbound message {Sid}; pages show it on their next load", message.Sid);
        }

        return true;
    }
}
