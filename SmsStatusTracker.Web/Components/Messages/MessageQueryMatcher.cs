using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;

namespace SmsStatusTracker.Web.Components.Messages;

/// <summary>
/// Decides in memory whether a message belongs in a filtered view, the way the stores filter
/// (exact recipient/sender, half-open time range, case-insensitive search in SID, recipient and body),
/// so a live page can add a new message without asking the store again.
/// </summary>
public static class MessageQueryMatcher
{
    public static bool Matches(Message message, MessageQuery query)
    {
        if (query.Statuses.Count > 0 && !query.Statuses.Contains(message.Status))
        {
            return false;
        }

        if (!string.IsNullOrWhiteSpace(query.To) && message.To != query.To.Trim())
        {
            return false;
        }

        if (!string.IsNullOrWhiteSpace(query.From) && message.From != query.From.Trim())
        {
            return false;
        }

        if (query.ErrorCode is { } code && message.ErrorCode != code)
        {
            return false;
        }

        if (query.Since is { } since && message.CreatedAt < since || query.Until is { } until && message.CreatedAt >= until)
        {
            return false;
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var search = query.Search.Trim();
            return Contains(message.Sid, search) || Contains(message.To, search) || Contains(message.Body, search);
        }

        return true;
    }

    private static bool Contains(string? text, string search) =>
        text is not null && text.Contains(search, StringComparison.OrdinalIgnoreCase);
}
