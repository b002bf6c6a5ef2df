namespace SmsStatusTracker.Core.Sending;

/// <summary>
/// Where Twilio should post a message's status callbacks. The host declares the webhook's route, so it builds
/// the URL; <see cref="SmsSender"/> only asks for it.
/// </summary>
public interface IStatusCallbackUrls
{
    /// <summary>The absolute callback URL for <paramref name="messageId"/>, as handed to Twilio.</summary>
    Uri For(Guid messageId);
}
