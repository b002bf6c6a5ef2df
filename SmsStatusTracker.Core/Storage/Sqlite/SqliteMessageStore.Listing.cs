using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Storage.Sqlite;

// The read side that scans many messages: the log's pages and reconciliation's work list.
public sealed partial class SqliteMessageStore
{
    // A search first walks the created_at order checking each row, at most this many rows: a common search fills
    // its page within a few hundred. When the walk runs out first the search is rare, and the trigram index finds
    // its few rows to check and sort.
    internal const int SearchWalkRows = 2_000;

    /// <summary>Tests change how far the walk goes to see either plan without storing thousands of messages.</summary>
    internal int SearchWalkLimit { get; init; } = SearchWalkRows;

    public Task<MessagePage> ListAsync(MessageQuery query, CancellationToken cancellationToken)
    {
        if (query.Skip > MessageQuery.MaxSkip)
        {
            throw new ArgumentOutOfRangeException(nameof(query), $"Offset paging stops at {MessageQuery.MaxSkip} rows; continue with a cursor (Before).");
        }

        return ReadAsync(connection => ListAsync(connection, query, SearchWalkLimit, null, cancellationToken));
    }

    /// <summary>
    /// Runs <paramref name="query"/> as <see cref="ListAsync(MessageQuery, CancellationToken)"/> does and returns the
    /// <c>EXPLAIN QUERY PLAN</c> of every statement it ran, in order (for tests and the log benchmark).
    /// </summary>
    public Task<IReadOnlyList<string>> ExplainListAsync(MessageQuery query, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<string>>(async connection =>
        {
            var plans = new List<string>();
            await ListAsync(connection, query, SearchWalkLimit, plans, cancellationToken);
            return plans;
        });

    private static async Task<MessagePage> ListAsync(SqliteConnection connection, MessageQuery query, int walkLimit, List<string>? plans, CancellationToken cancellationToken)
    {
        // The one substring rule (MessageQuery.Matches'), applied to every row a search returns: the trigram index
        // only finds candidates, so what is shown never depends on which plan ran.
        connection.CreateFunction<string?, string, bool>(
            "search_contains", (text, search) => text is not null && text.Contains(search, StringComparison.OrdinalIgnoreCase), isDeterministic: true);
        var search = query.SearchText is { Length: >= MessageQuery.MinSearchLength } text ? new SearchPlan(SqliteQueryBuilder.Phrase(text), walkLimit) : null;
        List<RowKey>? keys = null;
        if (search is not null)
        {
            keys = await ReadKeysAsync(connection, query, ListShape.SearchWalk, search, plans, cancellationToken);
            search = search with { Walked = keys.Count > query.Take };
            if (!search.Walked)
            {
                keys = null; // the walk ran out before a full page: a rare search, which the trigram index answers exactly
            }
        }

        keys ??= await ReadKeysAsync(connection, query, search is null ? ListShape.Walk : ListShape.SearchIndex, search, plans, cancellationToken);
        var more = keys.Count > query.Take;
        if (more)
        {
            keys.RemoveAt(keys.Count - 1);
        }

        if (query.After is not null && query.Before is null)
        {
            keys.Reverse();
        }

        var items = await ReadDocumentsAsync(connection, keys, plans, cancellationToken);
        // A first page that holds every match is its own exact count: no second pass over the index (or the phrase).
        var (total, exact) = MessagePage.HoldsEveryMatch(query, more)
            ? (items.Count, true)
            : await CountAsync(connection, query, search, plans, cancellationToken);
        return MessagePage.Of(query, items, more, total, exact);
    }

    private enum ListShape
    {
        Walk,
        SearchIndex,
        SearchWalk,
    }

    private readonly record struct RowKey(long RowId, long CreatedAt, string Id);

    // Match: the search as one FTS5 phrase (on trigrams, a substring). Walked: the bounded walk filled the page.
    private sealed record SearchPlan(string Match, int WalkLimit, bool Walked = false);

    private static async Task<List<RowKey>> ReadKeysAsync(SqliteConnection connection, MessageQuery query, ListShape shape, SearchPlan? search, List<string>? plans, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        var statuses = SqliteQueryBuilder.Statuses(query, command);
        var conditions = Conditions(query, command, shape == ListShape.SearchIndex ? statuses : [], withSearch: shape != ListShape.SearchWalk);
        if (SqliteQueryBuilder.Cursor(query, command) is { } cursor)
        {
            conditions.Add(cursor);
        }

        var direction = SqliteQueryBuilder.Direction(query);
        command.CommandText = shape switch
        {
            ListShape.SearchIndex => SqliteQueryBuilder.SearchKeys(conditions, direction),
            ListShape.SearchWalk => SqliteQueryBuilder.WalkKeys(statuses, conditions, direction, SearchCondition(query, command, "v")),
            _ => SqliteQueryBuilder.Keys(statuses, conditions, direction),
        };
        if (search is not null)
        {
            command.Parameters.AddWithValue("$match", search.Match);
        }

        command.Parameters.AddWithValue("$limit", query.Take + 1);
        command.Parameters.AddWithValue("$offset", query.Skip);
        command.Parameters.AddWithValue("$branch", query.Skip + query.Take + 1);
        command.Parameters.AddWithValue("$walk", search?.WalkLimit ?? SearchWalkRows);
        await ExplainAsync(command, $"page ({shape})", plans, cancellationToken);

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<RowKey>(query.Take + 1);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new RowKey(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2)));
        }

        return keys;
    }

    // The filters of `query` except the cursor, and (withSearch) the substring check. `statuses` (bound parameters)
    // only where no walk puts the status in its index range: counts, the sorted search.
    private static List<string> Conditions(MessageQuery query, SqliteCommand command, IReadOnlyList<string> statuses, bool withSearch = true)
    {
        var conditions = SqliteQueryBuilder.Filters(query, command);
        if (statuses.Count > 0)
        {
            conditions.Add(SqliteQueryBuilder.StatusIn(statuses));
        }

        if (withSearch && SearchCondition(query, command, "m") is { } search)
        {
            conditions.Add(search);
        }

        return conditions;
    }

    private static string? SearchCondition(MessageQuery query, SqliteCommand command, string alias)
    {
        if (query.SearchText is not { } search)
        {
            return null;
        }

        if (!command.Parameters.Contains("$search"))
        {
            command.Parameters.AddWithValue("$search", search);
        }

        return $"(search_contains({alias}.sid, $search) OR search_contains({alias}.to_number, $search) OR search_contains({alias}.body, $search))";
    }

    private static async Task<IReadOnlyList<Message>> ReadDocumentsAsync(SqliteConnection connection, List<RowKey> keys, List<string>? plans, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return [];
        }

        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT rowid, document FROM messages WHERE rowid IN ({string.Join(", ", keys.Select((_, n) => $"$r{n}"))})";
        for (var n = 0; n < keys.Count; n++)
        {
            command.Parameters.AddWithValue($"$r{n}", keys[n].RowId);
        }

        await ExplainAsync(command, "documents", plans, cancellationToken);
        var documents = new Dictionary<long, string>(keys.Count);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                documents[reader.GetInt64(0)] = reader.GetString(1);
            }
        }

        return keys.Where(k => documents.ContainsKey(k.RowId)).Select(k => MessageJson.DeserializeMessage(documents[k.RowId])).ToArray();
    }

    // Exact up to the query's count limit (or always, when asked); past it the page says "at least" rather than walk
    // every match. A search whose walk filled the page is common: it is not counted at all (the page proves "at
    // least"; "count exactly" asks the trigram index for all of it). A rare one counts its checked candidates.
    private static async Task<(long Total, bool Exact)> CountAsync(SqliteConnection connection, MessageQuery query, SearchPlan? search, List<string>? plans, CancellationToken cancellationToken)
    {
        if (search is { Walked: true } && !query.ExactCount)
        {
            return (0, false);
        }

        await using var command = connection.CreateCommand();
        var conditions = Conditions(query, command, SqliteQueryBuilder.Statuses(query, command));
        var limit = query.CountUpTo;
        command.Parameters.AddWithValue("$cap", limit + 1);
        var from = "messages m";
        if (search is not null)
        {
            command.Parameters.AddWithValue("$match", search.Match);
            from = "(SELECT rowid AS r FROM messages_search WHERE messages_search MATCH $match) s CROSS JOIN messages m ON m.rowid = s.r";
        }

        command.CommandText = query.ExactCount
            ? $"SELECT count(*) FROM {from} {SqliteQueryBuilder.Where(conditions)}"
            : $"SELECT count(*) FROM (SELECT 1 FROM {from} {SqliteQueryBuilder.Where(conditions)} LIMIT $cap)";
        await ExplainAsync(command, "count", plans, cancellationToken);
        var count = (long)(await command.ExecuteScalarAsync(cancellationToken) ?? 0L);
        return query.ExactCount || count <= limit ? (count, true) : (limit, false);
    }

    // The plan of `command` as SQLite's shell draws it, under a label, when plans are being collected.
    private static async Task ExplainAsync(SqliteCommand command, string label, List<string>? plans, CancellationToken cancellationToken)
    {
        if (plans is null)
        {
            return;
        }

        await using var explain = command.Connection!.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        foreach (SqliteParameter parameter in command.Parameters)
        {
            explain.Parameters.AddWithValue(parameter.ParameterName, parameter.Value);
        }

        var depth = new Dictionary<long, int> { [0] = 0 };
        var lines = new List<string> { $"-- {label}" };
        await using var reader = await explain.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var level = depth.GetValueOrDefault(reader.GetInt64(1)) + 1;
            depth[reader.GetInt64(0)] = level;
            lines.Add(new string(' ', 2 * (level - 1)) + reader.GetString(3));
        }

        plans.Add(string.Join('\n', lines));
    }

    public Task<IReadOnlyList<Message>> FindUnsettledAsync(DateTimeOffset updatedBefore, int limit, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<Message>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT document FROM messages
                WHERE is_final = 0 AND updated_at < $before AND json_extract(document, '$.reconciliationGaveUpAt') IS NULL
                ORDER BY updated_at LIMIT $limit
                """;
            command.Parameters.AddWithValue("$before", updatedBefore.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$limit", limit);
            return await ReadMessagesAsync(command, cancellationToken);
        });
}
