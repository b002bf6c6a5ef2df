using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;

namespace SmsStatusTracker.Web.Components.Messages;

/// <summary>
/// The message log's filters as a shareable query string (<c>?status=delivered,failed&amp;to=…&amp;q=…&amp;page=2</c>,
/// or <c>before=</c>/<c>after=</c> a cursor instead of a page for keyset paging; <c>sort=oldest</c> reverses the order).
/// Dates are whole UTC days (<c>since=2025-03-01&amp;until=2025-03-14</c>, both days included); exact instants
/// (<c>2025-03-01T10:00:00Z</c>) are accepted too. Anything unreadable is ignored rather than failing the page.
/// </summary>
public static class MessageQueryString
{
    public const int DefaultPageSize = 25;

    public static MessageQuery Parse(string? queryString)
    {
        // A hand-typed or pasted "?to=+1415…" means the plus sign, not a space (we write spaces as %20).
        var values = QueryHelpers.ParseQuery(queryString?.Replace("+", "%2B", StringComparison.Ordinal));
        string? Single(string key) =>
            values.TryGetValue(key, out var v) && v.LastOrDefault() is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

        var statuses = values.TryGetValue("status", out var rawStatuses)
            ? rawStatuses.SelectMany(s => (s ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Select(name => MessageStatusNames.TryParse(name, out var status) ? status : (MessageStatus?)null)
                .OfType<MessageStatus>()
                .Distinct()
                .Order()
                .ToArray()
            : [];

        var pageSize = int.TryParse(Single("size"), NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= MessageQuery.MaxPageSize
            ? size
            : DefaultPageSize;
        MessageCursor.TryParse(Single("before"), out var before);
        MessageCursor.TryParse(Single("after"), out var after);
        return new MessageQuery
        {
            Statuses = statuses,
            To = Single("to"),
            From = Single("from"),
            ErrorCode = int.TryParse(Single("error"), NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : null,
            Since = ParseTime(Single("since"), endOfDay: false),
            Until = ParseTime(Single("until"), endOfDay: true),
            // Shorter than the trigram index can serve: ignored, as the filter bar would not send it.
            Search = Single("q") is { Length: >= MessageQuery.MinSearchLength } search ? search : null,
            // Past the deepest offset page, the last one it serves (deeper goes by the "older" cursor).
            Page = int.TryParse(Single("page"), NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page >= 1
                ? Math.Min(page, MessageQuery.MaxPageFor(pageSize))
                : 1,
            PageSize = pageSize,
            Sort = MessageSortNames.TryParse(Single("sort"), out var sort) ? sort : MessageSort.NewestFirst,
            Before = before,
            After = before is null ? after : null,
        };
    }

    /// <summary>The canonical query string for <paramref name="query"/>, with a leading '?', or "" when nothing is set.</summary>
    public static string Format(MessageQuery query)
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                // ':' is legal in a query and keeps times readable; '+' must be escaped or it reads as a space.
                parts.Add($"{key}={Uri.EscapeDataString(value.Trim()).Replace("%3A", ":", StringComparison.Ordinal)}");
            }
        }

        if (query.Statuses.Count > 0)
        {
            // Wire names are plain lowercase words: the commas stay readable in a shared link.
            parts.Add("status=" + string.Join(',', query.Statuses.Distinct().Order().Select(s => s.ToWireName())));
        }

        Add("to", query.To);
        Add("from", query.From);
        Add("error", query.ErrorCode?.ToString(CultureInfo.InvariantCulture));
        Add("since", FormatTime(query.Since, endOfDay: false));
        Add("until", FormatTime(query.Until, endOfDay: true));
        Add("q", query.Search);
        Add("sort", query.Sort == MessageSort.NewestFirst ? null : query.Sort.ToWireName());
        Add("before", query.Before?.ToString());
        Add("after", query.Before is null ? query.After?.ToString() : null);
        if (query.Page > 1 && !query.IsKeyset)
        {
            Add("page", query.Page.ToString(CultureInfo.InvariantCulture));
        }

        if (query.Take != DefaultPageSize)
        {
            Add("size", query.Take.ToString(CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    /// <summary>True when any filter (not paging) is set.</summary>
    public static bool HasFilters(MessageQuery query) =>
        query.Statuses.Count > 0 || query.To is not null || query.From is not null || query.ErrorCode is not null
        || query.Since is not null || query.Until is not null || !string.IsNullOrWhiteSpace(query.Search);

    /// <summary>Start of the first day and start of the day after the last, as the store's half-open range wants.</summary>
    public static (DateTimeOffset? Since, DateTimeOffset? Until) FromDays(DateOnly? first, DateOnly? last) =>
        (first?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) is { } start ? new DateTimeOffset(start) : null,
         last?.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) is { } end ? new DateTimeOffset(end) : null);

    /// <summary>The days a range covers, for showing it in a date picker (inverse of <see cref="FromDays"/>).</summary>
    public static (DateOnly? First, DateOnly? Last) ToDays(DateTimeOffset? since, DateTimeOffset? until) =>
        (since is { } s ? DateOnly.FromDateTime(s.UtcDateTime) : null,
         until is { } u ? DateOnly.FromDateTime(u.UtcDateTime.AddTicks(-1)) : null);

    private static DateTimeOffset? ParseTime(string? text, bool endOfDay)
    {
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return endOfDay ? FromDays(null, day).Until : FromDays(day, null).Since;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant.ToUniversalTime()
            : null;
    }

    private static string? FormatTime(DateTimeOffset? value, bool endOfDay)
    {
        if (value is not { } time)
        {
            return null;
        }

        var utc = time.UtcDateTime;
        if (utc.TimeOfDay == TimeSpan.Zero)
        {
            return DateOnly.FromDateTime(endOfDay ? utc.AddDays(-1) : utc).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
    }
}
