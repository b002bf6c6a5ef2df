using System.Globalization;

namespace SmsStatusTracker.Core.Storage;

/// <summary>
/// How a keyset cursor is written: <c>{unix ms}-{id}</c> (<c>1764460800000-3f2a…</c>), a time and the id that breaks
/// its ties. One format for every paged list (<see cref="MessageCursor"/>, the activity log's cursor).
/// </summary>
public static class KeysetPosition
{
    public static string Format(long unixMs, Guid id) => $"{unixMs.ToString(CultureInfo.InvariantCulture)}-{id:N}";

    public static bool TryParse(string? text, out long unixMs, out Guid id)
    {
        unixMs = 0;
        id = Guid.Empty;
        var dash = text?.IndexOf('-', StringComparison.Ordinal) ?? -1;
        return text is not null && dash > 0
            && long.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out unixMs)
            && Guid.TryParseExact(text.AsSpan(dash + 1), "N", out id);
    }
}
