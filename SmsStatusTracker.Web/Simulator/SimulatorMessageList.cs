using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Twilio;

namespace SmsStatusTracker.Web.Simulator;

/// <summary>
/// <c>GET …/Messages.json</c>: Twilio's message list, newest first, filtered by <c>To</c>, <c>From</c> and
/// <c>DateSent</c> (<c>DateSent&gt;</c>, <c>DateSent&lt;</c>; messages not sent yet have no date sent and never
/// match a date filter, as at Twilio), paged with Twilio's <c>page</c>/<c>next_page_uri</c> JSON.
/// </summary>
internal static class SimulatorMessageList
{
    public static IResult List(
        string accountSid,
        HttpRequest request,
        [FromServices] IOptions<TwilioOptions> options,
        [FromServices] SimulatedTwilioLedger ledger)
    {
        if (TwilioSimulatorEndpoints.Unauthorized(request, accountSid, options.Value) is { } denied)
        {
            return denied;
        }

        var query = request.Query;
        if (!TryDate(query["DateSent>"], out var sentAfter) || !TryDate(query["DateSent<"], out var sentBefore) || !TryDate(query["DateSent"], out var sentOn))
        {
            return TwilioSimulatorEndpoints.Error(400, 20001, "Invalid DateSent filter.");
        }

        var to = query["To"].ToString();
        var from = query["From"].ToString();
        var pageSize = int.TryParse(query["PageSize"], out var size) ? Math.Clamp(size, 1, 1000) : 50;
        var page = int.TryParse(query["Page"], out var number) ? Math.Max(0, number) : 0;

        var matching = ledger.Messages
            .Where(m => m.AccountSid == accountSid)
            .Where(m => to.Length == 0 || m.To == to)
            .Where(m => from.Length == 0 || m.From == from)
            .Where(m => sentAfter is null || m.SentAt >= sentAfter)
            .Where(m => sentBefore is null || m.SentAt < sentBefore)
            .Where(m => sentOn is null || m.SentAt?.UtcDateTime.Date == sentOn.Value.UtcDateTime.Date)
            .OrderByDescending(m => m.CreatedAt)
            .ThenByDescending(m => m.Sid, StringComparer.Ordinal)
            .ToList();
        var items = matching.Skip(page * pageSize).Take(pageSize).ToList();

        var path = $"/2010-04-01/Accounts/{accountSid}/Messages.json";
        var filters = string.Join("", new[] { ("To", to), ("From", from) }
            .Where(f => f.Item2.Length > 0)
            .Select(f => $"{f.Item1}={Uri.EscapeDataString(f.Item2)}&"));
        string PageUri(int n) => $"{path}?{filters}PageSize={pageSize}&Page={n}";
        var hasNext = (page + 1) * pageSize < matching.Count;
        return Results.Json(new Dictionary<string, object?>
        {
            ["messages"] = items.Select(TwilioResourceJson.Message).ToArray(),
            ["end"] = page * pageSize + Math.Max(items.Count - 1, 0),
            ["first_page_uri"] = PageUri(0),
            ["next_page_uri"] = hasNext ? PageUri(page + 1) : null,
            ["page"] = page,
            ["page_size"] = pageSize,
            ["previous_page_uri"] = page > 0 ? PageUri(page - 1) : null,
            ["start"] = page * pageSize,
            ["uri"] = PageUri(page),
        });
    }

    private static bool TryDate(Microsoft.Extensions.Primitives.StringValues value, out DateTimeOffset? date)
    {
        date = null;
        if (value.Count == 0 || string.IsNullOrWhiteSpace(value[0]))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(value[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            date = parsed;
            return true;
        }

        return false;
    }
}
