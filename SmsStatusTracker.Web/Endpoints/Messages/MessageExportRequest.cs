using System.Globalization;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Storage;

namespace SmsStatusTracker.Web.Endpoints.Messages;

public enum MessageExportFormat
{
    Csv,
    JsonLines,
}

/// <summary>
/// The one home of <c>GET /api/messages/export</c>'s query string: the list's filters (as <see cref="MessageListQuery"/>
/// reads them; its paging fields are ignored, an export is the whole filter), <c>format=csv|jsonl</c> and
/// <c>history=true|false</c>. The log's Export button builds its link here too.
/// </summary>
public sealed record MessageExportRequest(MessageQuery Query, MessageExportFormat Format, bool History)
{
    public const string Csv = "csv";
    public const string JsonLines = "jsonl";

    public static (MessageExportRequest? Request, Dictionary<string, string[]> Errors) Parse(IQueryCollection query)
    {
        var (filters, errors) = MessageListQuery.Parse(query);
        var format = MessageExportFormat.Csv;
        switch (query["format"].ToString().Trim().ToLowerInvariant())
        {
            case "" or Csv:
                break;
            case JsonLines:
                format = MessageExportFormat.JsonLines;
                break;
            default:
                errors["format"] = [$"format must be {Csv} or {JsonLines}."];
                break;
        }

        var history = false;
        switch (query["history"].ToString())
        {
            case "" or "false":
                break;
            case "true":
                history = true;
                break;
            default:
                errors["history"] = ["history must be true or false."];
                break;
        }

        return filters is null || errors.Count > 0
            ? (null, errors)
            : (new MessageExportRequest(MessageExportBatches.First(filters), format, history), errors);
    }

    /// <summary>The export link for the log's current filters (paging left out), relative to the app's base.</summary>
    public static string Url(MessageQuery query, MessageExportFormat format, bool history)
    {
        var parts = new List<string> { "format=" + (format == MessageExportFormat.JsonLines ? JsonLines : Csv) };
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parts.Add($"{key}={Uri.EscapeDataString(value.Trim())}");
            }
        }

        if (history)
        {
            parts.Add("history=true");
        }

        if (query.Statuses.Count > 0)
        {
            parts.Add("status=" + string.Join(',', query.Statuses.Distinct().Order().Select(s => s.ToWireName())));
        }

        Add("to", query.To);
        Add("from", query.From);
        Add("errorCode", query.ErrorCode?.ToString(CultureInfo.InvariantCulture));
        Add("since", query.Since?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        Add("until", query.Until?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        Add("q", query.SearchText);
        if (query.Sort != MessageSort.NewestFirst)
        {
            parts.Add("sort=" + query.Sort.ToWireName());
        }

        return MessageExportEndpoints.Path.TrimStart('/') + "?" + string.Join('&', parts);
    }

    /// <summary>The download's name: <c>messages-20261130T040633Z.csv</c>, the UTC time it was asked for.</summary>
    public string FileName(DateTimeOffset now) =>
        $"messages-{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}{(History ? "-history" : "")}.{(Format == MessageExportFormat.JsonLines ? JsonLines : Csv)}";

    public string ContentType => Format == MessageExportFormat.JsonLines ? "application/jsonl; charset=utf-8" : "text/csv; charset=utf-8";
}

/// <summary>How exports write a time: ISO-8601 in UTC with the offset spelled out and milliseconds (<c>2026-11-30T04:06:33.123+00:00</c>).</summary>
public static class ExportTime
{
    public static string Format(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    public static string? Format(DateTimeOffset? time) => time is { } value ? Format(value) : null;
}
