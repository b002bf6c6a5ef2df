namespace SmsStatusTracker.Core.Messages;

/// <summary>Maps statuses to and from Twilio's wire names (<c>partially_delivered</c>, …).</summary>
public static class MessageStatusNames
{
    private static readonly Dictionary<string, MessageStatus> ByWireName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["accepted"] = MessageStatus.Accepted,
        ["scheduled"] = MessageStatus.Scheduled,
        ["canceled"] = MessageStatus.Canceled,
        ["queued"] = MessageStatus.Queued,
        ["sending"] = MessageStatus.Sending,
        ["sent"] = MessageStatus.Sent,
        ["failed"] = MessageStatus.Failed,
        ["delivered"] = MessageStatus.Delivered,
        ["undelivered"] = MessageStatus.Undelivered,
        ["receiving"] = MessageStatus.Receiving,
        ["received"] = MessageStatus.Received,
        ["read"] = MessageStatus.Read,
        ["partially_delivered"] = MessageStatus.PartiallyDelivered,
        ["created"] = MessageStatus.Created,
        ["outcome_unknown"] = MessageStatus.OutcomeUnknown,
    };

    private static readonly Dictionary<MessageStatus, string> WireNameByStatus =
        ByWireName.ToDictionary(pair => pair.Value, pair => pair.Key);

    /// <summary>All statuses Twilio itself reports (the local ones excluded).</summary>
    public static IReadOnlyList<MessageStatus> TwilioStatuses { get; } =
        Enum.GetValues<MessageStatus>().Where(s => s is not (MessageStatus.Created or MessageStatus.OutcomeUnknown)).ToArray();

    public static bool TryParse(string? wireName, out MessageStatus status)
    {
        status = default;
        return wireName is not null && ByWireName.TryGetValue(wireName.Trim(), out status);
    }

    public static string ToWireName(this MessageStatus status) => WireNameByStatus[status];
}
