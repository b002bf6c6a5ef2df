namespace SmsStatusTracker.Core.OutboundWebhooks;

/// <summary>A receiver URL that may not be registered, with the reason to show the Admin.</summary>
public sealed class WebhookUrlRejectedException(string reason) : Exception(reason);
