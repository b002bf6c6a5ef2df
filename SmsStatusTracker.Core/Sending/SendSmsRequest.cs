namespace SmsStatusTracker.Core.Sending;

/// <param name="To">The recipient as the user typed it: international, or national in <see cref="SmsOptions.DefaultRegion"/>;
/// <see cref="SmsSender"/> reads it and stores it in E.164.</param>
/// <param name="ResentFromId">The message this one sends again, if any; recorded on the new message.</param>
/// <param name="SendAt">Send at this time instead of now (see <see cref="Scheduling.SendTimeRule"/>).</param>
/// <param name="IgnoreQuietHours">Send even inside the recipient's quiet hours (<see cref="Scheduling.QuietHours"/>).</param>
public sealed record SendSmsRequest(string To, string Body, Guid? ResentFromId = null, DateTimeOffset? SendAt = null, bool IgnoreQuietHours = false);
