using System.Net.Http;
using Twilio.Exceptions;

namespace SmsStatusTracker.Core.Sending;

/// <summary>
/// Twilio has no idempotency key for creating a message, so a request that may have reached it must never
/// be repeated blindly. Only a connection that was never opened is safe to retry.
/// </summary>
internal static class SendFailureClassifier
{
    public static bool ConnectionNeverOpened(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Twilio answered with a client error: the message was refused and will not be sent.</summary>
    public static bool IsRejection(ApiException exception) => exception.Status is >= 400 and < 500;
}
