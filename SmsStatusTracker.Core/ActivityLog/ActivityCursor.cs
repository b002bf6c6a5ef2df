using System.Globalization;

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
        cursor = null;
        var dash = text?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        if (text is null || dash <= 0
            || !long.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || !Guid.TryParseExact(text.AsSpan(dash + 1), "N", out var id))
        {
            return false;
        }

        cursor = new ActivityCursor(ms, id);
        return true;
    }

    public override string ToString() => $"{AtMs.ToString(CultureInfo.InvariantCulture)}-{Id:N}";

    /// <summary>The id as the SQLite store keeps it (32 lowercase hex digits).</summary>
    public string IdText => Id.ToString("N");
}
