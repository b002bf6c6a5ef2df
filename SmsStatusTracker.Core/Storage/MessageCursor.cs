using System.Globalization;
using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Storage;

/// <summary>
/// A position in the log's order (created time, then id; newest or oldest first): keyset paging continues from it without
/// counting the rows before it, so page 40,000 costs what page 1 costs. Written as <c>{unix ms}-{id}</c>
/// (<c>1764460800000-3f2a…</c>), opaque to clients.
/// </summary>
public sealed record MessageCursor(long CreatedAtMs, Guid Id)
{
    public static MessageCursor Of(Message message) => new(message.CreatedAt.ToUnixTimeMilliseconds(), message.Id);

    public static bool TryParse(string? text, out MessageCursor? cursor)
    {
        cursor = null;
        var dash = text?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        if (text is null || dash <= 0
            || !long.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || !Guid.TryParseExact(text.AsSpan(dash + 1), "N", out var id))
        {
            return false;
        }

        cursor = new MessageCursor(ms, id);
        return true;
    }

    public override string ToString() => $"{CreatedAtMs.ToString(CultureInfo.InvariantCulture)}-{Id:N}";

    /// <summary>The id as the stores keep it (32 lowercase hex digits), for comparisons in queries.</summary>
    public string IdText => Id.ToString("N");
}
