using System.Globalization;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;

namespace SmsStatusTracker.Web.Endpoints.Messages;

/// <summary>Reads <c>GET /api/messages</c>'s query string into a <see cref="MessageQuery"/>, collecting per-field errors.</summary>
public static class MessageListQuery
{
    public static (MessageQuery? Query, Dictionary<string, string[]> Errors) Parse(IQueryCollection query)
    {
        var errors = new Dictionary<string, string[]>();
        var statuses = new List<MessageStatus>();
        foreach (var name in query["status"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (MessageStatusNames.TryParse(name, out var status))
            {
                statuses.Add(status);
            }
            else
            {
                errors["status"] = [$"'{Shorten(name)}' is not a status. Use one of: {string.Join(", ", MessageStatusNames.TwilioStatuses.Select(s => s.ToWireName()))}."];
            }
        }

        var since = Time(query, "since", errors);
        var until = Time(query, "until", errors);
        var page = Number(query, "page", 1, 1, 1_000_000, errors);
        var pageSize = Number(query, "pageSize", 25, 1, MessageQuery.MaxPageSize, errors);
        var search = Text(query, "q", 200, errors);
        var to = Text(query, "to", 32, errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new MessageQuery { Statuses = statuses, To = to, Since = since, Until = until, Search = search, Page = page, PageSize = pageSize }, errors);
    }

    private static DateTimeOffset? Time(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        var value = query[name].ToString();
        if (value.Length == 0)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed;
        }

        errors[name] = [$"{name} must be an ISO-8601 time, e.g. 2025-03-14T09:00:00Z."];
        return null;
    }

    private static int Number(IQueryCollection query, string name, int fallback, int min, int max, Dictionary<string, string[]> errors)
    {
        var value = query[name].ToString();
        if (value.Length == 0)
        {
            return fallback;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max)
        {
            return parsed;
        }

        errors[name] = [$"{name} must be a whole number from {min} to {max}."];
        return fallback;
    }

    private static string? Text(IQueryCollection query, string name, int maxLength, Dictionary<string, string[]> errors)
    {
        var value = query[name].ToString().Trim();
        if (value.Length > maxLength)
        {
            errors[name] = [$"{name} is at most {maxLength} characters."];
            return null;
        }

        return value.Length == 0 ? null : value;
    }

    private static string Shorten(string text) => text.Length <= 30 ? text : text[..30] + "…";
}
