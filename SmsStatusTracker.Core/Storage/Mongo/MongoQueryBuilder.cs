using System.Text.RegularExpressions;
using MongoDB.Bson;
using MongoDB.Driver;
using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>Turns a <see cref="MessageQuery"/> into a filter with the same meaning as the SQLite WHERE clause.</summary>
internal static class MongoQueryBuilder
{
    private static readonly FilterDefinitionBuilder<MessageDocument> Filter = Builders<MessageDocument>.Filter;

    public static SortDefinition<MessageDocument> NewestFirst { get; } =
        Builders<MessageDocument>.Sort.Descending(d => d.CreatedAt).Descending(d => d.Id);

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

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            // A literal, case-insensitive substring: user input never acts as a pattern.
            var pattern = new BsonRegularExpression(Regex.Escape(query.Search.Trim()), "i");
            filters.Add(Filter.Or(
                Filter.Regex(d => d.Sid, pattern),
                Filter.Regex(d => d.To, pattern),
                Filter.Regex(d => d.Body, pattern)));
        }

        return filters.Count == 0 ? Filter.Empty : Filter.And(filters);
    }
}
