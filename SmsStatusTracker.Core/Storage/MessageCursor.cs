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
        cursor = KeysetPosition.TryParse(text, out var ms, out var id) ? new MessageCursor(ms, id) : null;
        return cursor is not null;
    }

    public override string ToString() => KeysetPosition.Format(CreatedAtMs, Id);

    /// <summary>The id as the stores keep it (32 lowercase hex digits), for comparisons in queries.</summary>
    public string IdText => Id.ToString("N");
}
