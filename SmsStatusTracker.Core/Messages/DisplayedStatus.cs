namespace SmsStatusTracker.Core.Messages;

/// <summary>
/// The status a message is shown with, in the REST API and the UI alike. It is its <see cref="Message.Status"/>,
/// except for a message reconciliation gave up on (<see cref="Message.ReconciliationGaveUpAt"/> set) that is still
/// not final: its last live status ("sent", "queued", …) is stale by then, so it reads as <c>unresolved</c>. A final
/// status that arrives later (a late callback) is shown again as itself.
/// </summary>
public static class DisplayedStatus
{
    /// <summary>The wire name shown for a message reconciliation gave up on; also the local event it records then.</summary>
    public const string Unresolved = "unresolved";

    /// <summary>The wire name of the displayed status: a Twilio status name, a local one, or <c>unresolved</c>.</summary>
    public static string WireName(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return IsUnresolved(message) ? Unresolved : message.Status.ToWireName();
    }

    /// <summary>The displayed status for people: the wire name with spaces (<c>partially delivered</c>).</summary>
    public static string Label(Message message) => Label(WireName(message));

    /// <summary>A wire name for people: <c>partially_delivered</c> reads <c>partially delivered</c>.</summary>
    public static string Label(string wireName)
    {
        ArgumentNullException.ThrowIfNull(wireName);
        return wireName.Replace('_', ' ');
    }

    /// <summary>True when reconciliation stopped checking the message before it reached a final status.</summary>
    public static bool IsUnresolved(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.ReconciliationGaveUpAt is not null && !message.IsFinal;
    }
}
