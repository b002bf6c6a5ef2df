namespace SmsStatusTracker.Web.Endpoints.Messages;

/// <summary>The body of <c>POST /api/messages</c>.</summary>
/// <param name="SendAt">Send at this time (ISO 8601 with an offset, in the future, at most 35 days ahead); absent: now.</param>
/// <param name="IgnoreQuietHours">Send even inside the recipient's quiet hours (when <c>Sms:QuietHours</c> is on).</param>
public sealed record SendMessageRequest(string? To, string? Body, string? SendAt = null, bool? IgnoreQuietHours = null);
