using Microsoft.Extensions.Logging;

namespace SmsStatusTracker.Core.Messages;

internal static class NotifierExtensions
{
    /// <summary>
    /// The change is already stored when this runs, so a failing notification must not fail the caller
    /// (a callback would be answered 5xx and retried for nothing); watchers resync on reconnect.
    /// </summary>
    public static async Task NotifySafelyAsync(this IMessageChangeNotifier notifier, ILogger logger, Message message, MessageChangeKind kind, CancellationToken cancellationToken)
    {
        try
        {
            await notifier.MessageChangedAsync(message, kind, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Could not notify watchers about message {MessageId} ({Sid})", message.Id, message.Sid);
        }
    }
}
