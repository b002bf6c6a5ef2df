namespace SmsStatusTracker.Core.ActivityLog;

/// <summary>
/// A position in the log's newest-first order (time, then id), as <see cref="Storage.MessageCursor"/> is for
/// messages: the next page starts after it without counting the entries before. Written <c>{unix ms}-{id}</c>.
/// </summary>
public sealed record ActivityCursor(long AtMs, Guid Id)
{
    public static ActivityCursor Of(ActivityEntry entry) => new(entry.At.ToUnixTimeMilliseconds(), entry.Id);

    public static bool TryParse(string? text, out ActivityCursor? cursor)
    {
        cursor = Storage.KeysetPosition.TryParse(text, out var ms, out var id) ? new ActivityCursor(ms, id) : null;
        return cursor is not null;
    }

    public override string ToString() => Storage.KeysetPosition.Format(AtMs, Id);

    /// <summary>The id as the SQLite store keeps it (32 lowercase hex digits).</summary>
    public string IdText => Id.ToString("N");
}
