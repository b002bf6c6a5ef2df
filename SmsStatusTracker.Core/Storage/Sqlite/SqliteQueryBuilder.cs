using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>
/// The SQL of the log's listing. Every shape walks an index in (created_at, id) order and stops after one page, or
/// starts from the trigram index when a search is selective; see <see cref="SqliteListingSchema"/> for the indexes
/// and docs/benchmarks.md for each filter's plan. Columns are always qualified with <c>m.</c> because the search
/// table has columns of the same names.
/// </summary>
internal static class SqliteQueryBuilder
{
    /// <summary>The filters other than status, search and cursor, as conditions on <c>m</c>.</summary>
    public static List<string> Filters(MessageQuery query, SqliteCommand command)
    {
        var conditions = new List<string>();
        Add(conditions, command, "m.to_number = $to", "$to", query.To);
        Add(conditions, command, "m.from_number = $from", "$from", query.From);
        Add(conditions, command, "m.error_code = $errorCode", "$errorCode", query.ErrorCode);
        Add(conditions, command, "m.created_at >= $since", "$since", query.Since?.ToUnixTimeMilliseconds());
        Add(conditions, command, "m.created_at < $until", "$until", query.Until?.ToUnixTimeMilliseconds());
        return conditions;
    }

    /// <summary>Binds one parameter per status and returns their names.</summary>
    public static IReadOnlyList<string> Statuses(MessageQuery query, SqliteCommand command) =>
        query.Statuses.Distinct().Order().Select((status, i) =>
        {
            command.Parameters.AddWithValue($"$status{i}", status.ToWireName());
            return $"$status{i}";
        }).ToArray();

    public static string StatusIn(IReadOnlyList<string> statuses) =>
        statuses.Count == 1 ? $"m.status = {statuses[0]}" : $"m.status IN ({string.Join(", ", statuses)})";

    /// <summary>The keyset condition: rows past the cursor in the direction of the walk.</summary>
    public static string? Cursor(MessageQuery query, SqliteCommand command)
    {
        if ((query.Before ?? query.After) is not { } cursor)
        {
            return null;
        }

        command.Parameters.AddWithValue("$cursorAt", cursor.CreatedAtMs);
        command.Parameters.AddWithValue("$cursorId", cursor.IdText);
        return query.WalksDescending ? "(m.created_at, m.id) < ($cursorAt, $cursorId)" : "(m.created_at, m.id) > ($cursorAt, $cursorId)";
    }

    /// <summary>
    /// The sort's direction, except when paging back towards the start (the page is reversed afterwards). The indexes
    /// are (…, created_at DESC, id DESC): SQLite walks them backwards for ASC, so both sorts use the same index.
    /// </summary>
    public static string Direction(MessageQuery query) => query.WalksDescending ? "DESC" : "ASC";

    /// <summary>
    /// Keys (rowid r, created_at c, id i) of matching rows in walk order. One status or none: one index range walk.
    /// Several: one walk per status merged (a single <c>status IN</c> range cannot give created_at order without
    /// sorting every match), each branch stopping after <c>$branch</c> rows.
    /// </summary>
    public static string Keys(IReadOnlyList<string> statuses, IEnumerable<string> conditions, string direction)
    {
        var rest = conditions.ToList();
        if (statuses.Count <= 1)
        {
            if (statuses.Count == 1)
            {
                rest.Insert(0, StatusIn(statuses));
            }

            return $"SELECT m.rowid AS r, m.created_at AS c, m.id AS i FROM messages m {Where(rest)} ORDER BY m.created_at {direction}, m.id {direction} LIMIT $limit OFFSET $offset";
        }

        var branches = statuses.Select(status =>
            $"SELECT * FROM (SELECT m.rowid AS r, m.created_at AS c, m.id AS i FROM messages m {Where([$"m.status = {status}", .. rest])} ORDER BY m.created_at {direction}, m.id {direction} LIMIT $branch)");
        return $"SELECT r, c, i FROM ({string.Join(" UNION ALL ", branches)}) ORDER BY c {direction}, i {direction} LIMIT $limit OFFSET $offset";
    }

    /// <summary>Keys of rows the trigram index finds (then checked by the conditions), sorted: cheap when they are few.</summary>
    public static string SearchKeys(IEnumerable<string> conditions, string direction) =>
        $"SELECT m.rowid AS r, m.created_at AS c, m.id AS i FROM messages_search s CROSS JOIN messages m ON m.rowid = s.rowid {Where(["s.messages_search MATCH $match", .. conditions])} ORDER BY m.created_at {direction}, m.id {direction} LIMIT $limit OFFSET $offset";

    /// <summary>
    /// Keys of the first rows of an index walk (at most <c>$walk</c>) whose text contains the search: cheap when the
    /// search matches many rows. No outer ORDER BY, so the walk stops as soon as the page is full.
    /// </summary>
    public static string WalkKeys(IReadOnlyList<string> statuses, IEnumerable<string> conditions, string direction, string? search) =>
        $"SELECT k.r, k.c, k.i FROM ({Keys(statuses, conditions, direction).Replace("$limit", "$walk", StringComparison.Ordinal).Replace("$offset", "0", StringComparison.Ordinal).Replace("$branch", "$walk", StringComparison.Ordinal)}) k "
        + $"CROSS JOIN messages v ON v.rowid = k.r WHERE {search} LIMIT $limit OFFSET $offset";

    /// <summary>An FTS5 query for <paramref name="search"/> as one literal phrase (on trigrams: a substring).</summary>
    public static string Phrase(string search) => "\"" + search.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Where(IReadOnlyCollection<string> conditions) =>
        conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);

    private static void Add(List<string> conditions, SqliteCommand command, string condition, string name, object? value)
    {
        if (value is null || value is string s && string.IsNullOrWhiteSpace(s))
        {
            return;
        }

        command.Parameters.AddWithValue(name, value is string text ? text.Trim() : value);
        conditions.Add(condition);
    }
}
