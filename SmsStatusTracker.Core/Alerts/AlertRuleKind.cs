namespace SmsStatusTracker.Core.Alerts;

/// <summary>What an alert rule watches. What its <see cref="AlertRule.Threshold"/> means depends on it.</summary>
public enum AlertRuleKind
{
    /// <summary>Failed and undelivered as a percentage of the messages created in the window that reached an outcome.</summary>
    FailureRate,

    /// <summary>Messages created in the window that carry <see cref="AlertRule.ErrorCode"/>.</summary>
    ErrorCode,

    /// <summary>The 95th percentile of created → delivered, in seconds, over messages created in the window and delivered.</summary>
    DeliveryTimeP95,

    /// <summary>Messages Twilio accepted (they have a SID) that got no status callback at all within <see cref="AlertRule.Age"/>.</summary>
    CallbacksMissing,

    /// <summary>Messages not final whose last change is older than <see cref="AlertRule.Age"/>.</summary>
    StuckMessages,
}
