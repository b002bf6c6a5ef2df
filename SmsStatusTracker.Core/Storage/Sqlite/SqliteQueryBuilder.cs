using System.Text;
using Microsoft.Data.Sqlite;
using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Storage.Sqlite;

/// <summary>Turns a <see cref="MessageQuery"/> into a parameterised WHERE clause.</summary>
internal static class SqliteQueryBuilder
{
    public static string Where(MessageQuery query, SqliteCommand command)
    {
        var conditions = new List<string>();
        if (query.Statuses.Count > 0)
        {
            var names = query.Statuses.Select((status, i) =>
            {
                command.Parameters.AddWithValue($"$status{i}", status.ToWireName());
                return $"$status{i}";
            });
            conditions.Add($"status IN ({string.Join(", ", names)})");
        }

        Add(conditions, command, "to_number = $to", "$to", query.To);
        Add(conditions, command, "from_number = $from", "$from", query.From);
        Add(conditions, command, "error_code = $errorCode", "$errorCode", query.ErrorCode);
        Add(conditions, command, "created_at >= $since", "$since", query.Since?.ToUnixTimeMilliseconds());
        Add(conditions, command, "created_at < $until", "$until", query.Until?.ToUnixTimeMilliseconds());
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            command.Parameters.AddWithValue("$search", "%" + EscapeLike(query.Search.Trim()) + "%");
            conditions.Add(@"(sid LIKE $search ESCAPE '\' OR to_number LIKE $search ESCAPE '\' OR body LIKE $search ESCAPE '\')");
        }

        return conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
    }

    private static void Add(List<string> conditions, SqliteCommand command, string condition, string name, object? value)
    {
        if (value is null || value is string s && string.IsNullOrWhiteSpace(s))
        {
            return;
        }

        command.Parameters.AddWithValue(name, value is string text ? text.Trim() : value);
        conditions.Add(condition);
    }

    private static string EscapeLike(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '%' or '_' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
