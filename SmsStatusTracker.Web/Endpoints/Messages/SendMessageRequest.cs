namespace SmsStatusTracker.Web.Endpoints.Messages;

/// <summary>The body of <c>POST /api/messages</c>.</summary>
public sealed record SendMessageRequest(string? To, string? Body);
