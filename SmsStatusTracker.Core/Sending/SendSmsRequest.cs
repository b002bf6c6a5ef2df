namespace SmsStatusTracker.Core.Sending;

/// <param name="To">The recipient in E.164 form.</param>
/// <param name="SentBy">Who asks: a user's email or an API key's name; recorded on the message.</param>
/// <param name="ResentFromId">The message this one sends again, if any; recorded on the new message.</param>
public sealed record SendSmsRequest(string To, string Body, string SentBy, Guid? ResentFromId = null);
