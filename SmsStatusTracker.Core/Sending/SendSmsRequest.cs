namespace SmsStatusTracker.Core.Sending;

/// <param name="To">The recipient in E.164 form.</param>
/// <param name="ResentFromId">The message this one sends again, if any; recorded on the new message.</param>
public sealed record SendSmsRequest(string To, string Body, Guid? ResentFromId = null);
