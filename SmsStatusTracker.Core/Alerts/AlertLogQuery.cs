using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;

namespace SmsStatusTracker.Core.Alerts;

/// <summary>
/// The message log filter that shows what an alert counted: its statuses (or error code) over its window. The log
/// filters by created time, so for callbacks missing and stuck messages (measured by last change) it is the closest
/// filter, not an exact one.
/// </summary>
public static class AlertLogQuery
{
    private static readonly MessageStatus[] Failures = [MessageStatus.Failed, MessageStatus.Undelivered];
    private static readonly MessageStatus[] Accepted = [MessageStatus.Accepted, MessageStatus.Scheduled, MessageStatus.Queued, MessageStatus.Sending, MessageStatus.Sent];

    public static MessageQuery For(AlertOccurrence occurrence)
    {
        var window = occurrence.Fired;
        return occurrence.Kind switch
        {
            AlertRuleKind.FailureRate => new MessageQuery { Statuses = Failures, Since = window.WindowStart, Until = window.WindowEnd },
            AlertRuleKind.ErrorCode => new MessageQuery { ErrorCode = occurrence.ErrorCode, Since = window.WindowStart, Until = window.WindowEnd },
            AlertRuleKind.DeliveryTimeP95 => new MessageQuery { Statuses = [MessageStatus.Delivered], Since = window.WindowStart, Until = window.WindowEnd },
            AlertRuleKind.CallbacksMissing => new MessageQuery { Statuses = Accepted, Until = window.WindowEnd },
            AlertRuleKind.StuckMessages => new MessageQuery
            {
                Statuses = [.. Enum.GetValues<MessageStatus>().Where(s => !StatusRank.IsFinal(s))],
                Until = window.WindowEnd,
            },
            _ => new MessageQuery(),
        };
    }
}
