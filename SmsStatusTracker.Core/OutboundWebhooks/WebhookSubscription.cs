namespace SmsStatusTracker.Core.OutboundWebhooks;

/// <summary>What an endpoint is sent. Stored as the flag values, so the numbers must not change.</summary>
[Flags]
public enum WebhookSubscription
{
    None = 0,

    /// <summary>Every change of a message's status or error code, the insert included.</summary>
    StatusChanges = 1,

    /// <summary>Only changes into a final status (delivered, undelivered, failed, read, canceled…).</summary>
    FinalStatuses = 2,

    /// <summary>Alerts as they fire and resolve.</summary>
    Alerts = 4,
}
