using SmsStatusTracker.Core.Inbound;
using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Web.Components.Conversations;

/// <summary>One line of a conversation: a message we sent (with its live status) or one we received, merged by time.</summary>
public sealed record ConversationEntry(DateTimeOffset At, Message? Outbound, InboundMessage? Inbound)
{
    public string Key => Outbound is { } sent ? "out-" + sent.Id.ToString("N") : "in-" + Inbound!.Sid;

    /// <summary>Both sides in time order (oldest first); ties keep sent before received.</summary>
    public static IReadOnlyList<ConversationEntry> Merge(IEnumerable<Message> outbound, IEnumerable<InboundMessage> inbound) =>
        outbound.Select(m => new ConversationEntry(m.CreatedAt, m, null))
            .Concat(inbound.Select(i => new ConversationEntry(i.ReceivedAt, null, i)))
            .OrderBy(e => e.At)
            .ThenBy(e => e.Inbound is null ? 0 : 1)
            .ToList();
}
