using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Web.Components.Messages;

/// <summary>The durations the log and a message's page show: to its final status, and the carrier's.</summary>
public static class MessageTimings
{
    /// <summary>
    /// From creation to the final status: delivery when reported, else the history entry that made it final, else the
    /// last change (a row from the feed carries only its newest entry). Null while the message is not final.
    /// </summary>
    public static TimeSpan? TimeToFinal(Message message)
    {
        if (!message.IsFinal)
        {
            return null;
        }

        var finalAt = message.DeliveredAt
            ?? message.History.FirstOrDefault(e => MessageStatusNames.TryParse(e.RawStatus, out var status) && StatusRank.IsFinal(status))?.ReceivedAt
            ?? message.UpdatedAt;
        return finalAt >= message.CreatedAt ? finalAt - message.CreatedAt : TimeSpan.Zero;
    }

    /// <summary>"3 min after the send" for the carrier's done date, or why there is no figure.</summary>
    public static string CarrierLatencyText(Message message) =>
        CarrierDoneDate.Latency(message.SentAt, message.RawDlrDoneDate) is { } latency
            ? latency < TimeSpan.FromMinutes(1) ? "under a minute after the send" : $"{RelativeTimeText.Duration(latency)} after the send"
            : message.SentAt is null ? "send time unknown" : "latency not measurable";
}
