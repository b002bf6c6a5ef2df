using System.Text.RegularExpressions;
using MongoDB.Bson;
using MongoDB.Driver;
using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>
/// Turns a <see cref="MessageQuery"/> into a filter with the same meaning as the SQLite listing. Every filter has an
/// index ending in (createdAt, _id) so a page is an index walk in sort order; several statuses are one <c>$in</c>,
/// which MongoDB splits into one walk per status merged in order (SORT_MERGE). Search uses <c>searchGrams</c>, the
/// lowercase trigrams of SID, recipient and body kept on each document: the query's trigrams must all be there
/// (a multikey index finds candidates), then a literal case-insensitive regex on the three fields confirms them.
/// </summary>
internal static class MongoQueryBuilder
{
    private static readonly FilterDefinitionBuilder<MessageDocument> Filter = Builders<MessageDocument>.Filter;

    public static SortDefinition<MessageDocument> NewestFirst { get; } =
        Builders<MessageDocument>.Sort.Descending(d => d.CreatedAt).Descending(d => d.Id);

    public static SortDefinition<MessageDocument> OldestFirst { get; } =
        Builders<MessageDocument>.Sort.Ascending(d => d.CreatedAt).Ascending(d => d.Id);

    /// <summary>The filters of <paramref name="query"/>, without its cursor (counts use this).</summary>
    public static FilterDefinition<MessageDocument> Where(MessageQuery query)
    {
        var filters = new List<FilterDefinition<MessageDocument>>();
        if (query.Statuses.Count > 0)
        {
            filters.Add(Filter.In(d => d.Status, query.Statuses.Select(status => status.ToWireName()).Distinct()));
        }

        if (!string.IsNullOrWhiteSpace(query.To))
        {
            filters.Add(Filter.Eq(d => d.To, query.To.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(query.From))
        {
            filters.Add(Filter.Eq(d => d.From, query.From.Trim()));
        }

        if (query.ErrorCode is { } errorCode)
        {
            filters.Add(Filter.Eq(d => d.ErrorCode, errorCode));
        }

        if (query.Since is { } since)
        {
            filters.Add(Filter.Gte(d => d.CreatedAt, since.UtcDateTime));
        }

        if (query.Until is { } until)
        {
            filters.Add(Filter.Lt(d => d.CreatedAt, until.UtcDateTime));
        }

        if (query.SearchText is { } search)
        {
            if (search.Length >= MessageQuery.MinSearchLength)
            {
                // Rarest-looking trigram first: the index bounds come from the first element of $all.
                filters.Add(Filter.All(d => d.SearchGrams, SearchGrams.Of(search).OrderBy(SearchGrams.Commonness)));
            }

            // A literal, case-insensitive substring: user input never acts as a pattern.
            var pattern = new BsonRegularExpression(Regex.Escape(search), "i");
            filters.Add(Filter.Or(
                Filter.Regex(d => d.Sid, pattern),
                Filter.Regex(d => d.To, pattern),
                Filter.Regex(d => d.Body, pattern)));
        }

        return filters.Count == 0 ? Filter.Empty : Filter.And(filters);
    }

    /// <summary>The filters and the keyset condition: rows past the cursor in the direction of the walk.</summary>
    public static FilterDefinition<MessageDocument> WhereWithCursor(MessageQuery query)
    {
        var where = Where(query);
        return (query.Before ?? query.After) is { } cursor ? where & Past(cursor, older: query.WalksDescending) : where;
    }

    // Both directions walk the same (…, createdAt -1, _id -1) indexes (forwards or backwards): no index of its own.
    public static SortDefinition<MessageDocument> Order(MessageQuery query) =>
        query.WalksDescending ? NewestFirst : OldestFirst;

    private static FilterDefinition<MessageDocument> Past(MessageCursor cursor, bool older)
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(cursor.CreatedAtMs).UtcDateTime;
        return older
            ? Filter.Lt(d => d.CreatedAt, at) | Filter.Eq(d => d.CreatedAt, at) & Filter.Lt(d => d.Id, cursor.Id)
            : Filter.Gt(d => d.CreatedAt, at) | Filter.Eq(d => d.CreatedAt, at) & Filter.Gt(d => d.Id, cursor.Id);
    }
}

/// <summary>The trigrams search looks up: lowercase, distinct, over SID, recipient and body.</summary>
internal static class SearchGrams
{
    public static IReadOnlyList<string> Of(params string?[] texts) =>
        texts.Where(t => !string.IsNullOrEmpty(t))
            .SelectMany(t => Trigrams(t!.ToLowerInvariant()))
            .Distinct(StringComparer.Ordinal)
            .ToArray();

    // Digits and rare letters narrow a lookup most; spaces and vowels least.
    public static int Commonness(string gram) => gram.Sum(c => c switch
    {
        ' ' => 6,
        'a' or 'e' or 'i' or 'o' or 'u' or 't' or 'n' or 's' or 'r' => 4,
        >= '0' and <= '9' => 1,
        'q' or 'x' or 'z' or 'j' or 'k' => 0,
        _ => 2,
    });

    private static IEnumerable<string> Trigrams(string text)
    {
        for (var i = 0; i + 3 <= text.Length; i++)
        {
            yield return text.Substring(i, 3);
        }
    }
}
