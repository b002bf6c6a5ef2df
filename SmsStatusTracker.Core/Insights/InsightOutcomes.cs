using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Insights;

/// <summary>How insights group final statuses (a read message was delivered).</summary>
public enum InsightOutcome
{
    Delivered,
    Undelivered,
    Failed,
    Canceled,
    Other,
}

public static class InsightOutcomes
{
    public static InsightOutcome Of(MessageStatus finalStatus) => finalStatus switch
    {
        MessageStatus.Delivered or MessageStatus.Read => InsightOutcome.Delivered,
        MessageStatus.Undelivered => InsightOutcome.Undelivered,
        MessageStatus.Failed => InsightOutcome.Failed,
        MessageStatus.Canceled => InsightOutcome.Canceled,
        _ => InsightOutcome.Other,
    };

    /// <summary>The statuses the message log filters on for <paramref name="outcome"/>.</summary>
    public static IReadOnlyList<MessageStatus> Statuses(InsightOutcome outcome) => outcome switch
    {
        InsightOutcome.Delivered => [MessageStatus.Delivered, MessageStatus.Read],
        InsightOutcome.Undelivered => [MessageStatus.Undelivered],
        InsightOutcome.Failed => [MessageStatus.Failed],
        InsightOutcome.Canceled => [MessageStatus.Canceled],
        _ => [MessageStatus.Received],
    };

    /// <summary>Statuses that are not final: what "still not final" links to.</summary>
    public static IReadOnlyList<MessageStatus> Open { get; } =
        [.. Enum.GetValues<MessageStatus>().Where(s => !StatusRank.IsFinal(s))];
}
