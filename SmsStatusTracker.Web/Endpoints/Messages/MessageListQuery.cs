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
        var pageSize = Number(query, "pageSize", 25, 1, MessageQuery.MaxPageSize, errors);
        var page = Number(query, "page", 1, 1, MessageQuery.MaxPageFor(pageSize), errors);
        if (errors.ContainsKey("page"))
        {
            errors["page"] = [$"page must be a whole number from 1 to {MessageQuery.MaxPageFor(pageSize)} at this pageSize; go further with before=<older> from the last page."];
        }

        var search = Text(query, "q", 200, errors);
        if (search is { Length: < MessageQuery.MinSearchLength })
        {
            errors["q"] = [$"q needs at least {MessageQuery.MinSearchLength} characters."];
        }

        var to = Text(query, "to", 32, errors);
        var from = Text(query, "from", 64, errors);
        var errorCode = query["errorCode"].ToString() is { Length: > 0 } ? Number(query, "errorCode", 0, 1, 999_999, errors) : (int?)null;
        var before = Cursor(query, "before", errors);
        var after = Cursor(query, "after", errors);
        if (before is not null && after is not null)
        {
            errors["after"] = ["Give before or after, not both."];
        }

        var exactCount = query["exactCount"].ToString() switch
        {
            "" or "false" => false,
            "true" => true,
            _ => Invalid(errors, "exactCount", "exactCount must be true or false."),
        };
        var sort = MessageSort.NewestFirst;
        if (query["sort"].ToString() is { Length: > 0 } sortName && !MessageSortNames.TryParse(sortName, out sort))
        {
            errors["sort"] = [$"sort must be {MessageSortNames.Newest} or {MessageSortNames.Oldest}."];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new MessageQuery
        {
            Statuses = statuses, To = to, From = from, ErrorCode = errorCode, Since = since, Until = until, Search = search,
            Page = page, PageSize = pageSize, Before = before, After = after, ExactCount = exactCount, Sort = sort,
        }, errors);
    }

    private static MessageCursor? Cursor(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        var value = query[name].ToString();
        if (value.Length == 0)
        {
            return null;
        }

        if (MessageCursor.TryParse(value, out var cursor))
        {
            return cursor;
        }

        errors[name] = [$"{name} must be a cursor from a list response's older or newer field."];
        return null;
    }

    private static bool Invalid(Dictionary<string, string[]> errors, string name, string message)
    {
        errors[name] = [message];
        return false;
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
