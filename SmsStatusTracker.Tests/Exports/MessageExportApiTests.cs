using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CsvHelper;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Tests.Functional;
using SmsStatusTracker.Web.Endpoints.Messages;
using static SmsStatusTracker.Tests.Infrastructure.TestMessages;

namespace SmsStatusTracker.Tests.Exports;

/// <summary>
/// <c>GET /api/messages/export</c> over real HTTP: what it writes reads back as the stored messages, no cell can run as
/// a formula, JSON Lines is one object per line, it filters like the list and answers the list's callers.
/// Each test stores messages from a sender of its own and filters on it.
/// </summary>
public sealed class MessageExportApiTests(MessageExportApiTests.App app) : IClassFixture<MessageExportApiTests.App>
{
    public sealed class App : IDisposable
    {
        public TrackerApp Tracker { get; } = new();

        public void Dispose() => Tracker.Dispose();
    }

    /// <summary>Every prefix a spreadsheet would read as the start of a formula (OWASP's list).</summary>
    public static readonly string[] DangerousPrefixes = ["=", "+", "-", "@", "\t", "\r"];

    private TrackerApp Tracker => app.Tracker;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string NewSender() => "+1555" + Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);

    private async Task<HttpClient> ViewerAsync()
    {
        var cookies = await Tracker.SignInAsync($"viewer-{Guid.NewGuid():N}@example.com", AppRoles.Viewer);
        return Tracker.CreateBrowserClient(cookies);
    }

    private async Task<List<Message>> StoreAsync(string from, int count, Func<int, Message, Message>? shape = null)
    {
        var stored = new List<Message>();
        // Whole milliseconds: the precision the stores keep.
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        for (var n = 0; n < count; n++)
        {
            var message = Stored(n, MessageStatus.Delivered, sid: $"SM{Guid.NewGuid():N}", from: from, createdAt: now.AddMinutes(-n).AddMilliseconds(-n * 7));
            message = shape?.Invoke(n, message) ?? message;
            await Tracker.Store.AddAsync(message, Ct);
            stored.Add(message);
        }

        return stored;
    }

    private static List<Dictionary<string, string>> ParseCsv(string text)
    {
        var rows = new List<Dictionary<string, string>>();
        using var csv = CsvReader.Create(new StringReader(text), new CsvReaderOptions { HasHeader = true }, leaveOpen: false);
        csv.ReadHeader();
        var header = csv.Headers.ToArray();
        while (csv.Read())
        {
            rows.Add(header.ToDictionary(h => h, h => csv.GetString(h)));
        }

        return rows;
    }

    /// <summary>How a reader undoes the formula escape: a leading ' in front of a dangerous character.</summary>
    private static string Unescape(string cell) =>
        cell.Length > 1 && cell[0] == '\'' && DangerousPrefixes.Any(p => cell[1] == p[0]) ? cell[1..] : cell;

    private async Task<(HttpResponseMessage Response, string Body)> GetAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync($"{MessageExportEndpoints.Path}?{query}", Ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        // The BOM is there for Excel; a reader that honours it (StreamReader) drops it.
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return (response, await reader.ReadToEndAsync(Ct));
    }

    [Fact]
    public async Task ACsvExportReadsBackAsTheStoredMessages()
    {
        var from = NewSender();
        var stored = await StoreAsync(from, 5, (n, m) => m with
        {
            Body = n switch { 0 => "Line one\nline \"two\", with a comma", 2 => "Grüße 👋", _ => m.Body },
            Status = n == 1 ? MessageStatus.Failed : m.Status,
            ErrorCode = n == 1 ? 30003 : null,
            ErrorMessage = n == 1 ? "Unreachable destination handset" : null,
            Encoding = n == 2 ? SmsEncoding.Ucs2 : m.Encoding,
        });
        using var client = await ViewerAsync();

        var (response, text) = await GetAsync(client, $"format=csv&from={Uri.EscapeDataString(from)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var rows = ParseCsv(text);
        Assert.Equal(stored.Count, rows.Count);
        foreach (var (message, row) in stored.Zip(rows))
        {
            Assert.Equal(message.Id.ToString(), row["id"]);
            Assert.Equal(message.Sid, row["sid"]);
            Assert.Equal(message.CreatedAt, DateTimeOffset.Parse(row["created_at"], CultureInfo.InvariantCulture));
            Assert.Equal(message.UpdatedAt, DateTimeOffset.Parse(row["updated_at"], CultureInfo.InvariantCulture));
            Assert.Equal(message.Status.ToWireName(), row["status"]);
            Assert.Equal(message.ErrorCode?.ToString(CultureInfo.InvariantCulture) ?? "", row["error_code"]);
            Assert.Equal(message.ErrorMessage ?? "", row["error_message"]);
            Assert.Equal(message.To, Unescape(row["to"]));
            Assert.Equal(message.From, Unescape(row["from"]));
            Assert.Equal(message.Body, Unescape(row["body"]));
            Assert.Equal(message.Segments.ToString(CultureInfo.InvariantCulture), row["segments"]);
            Assert.Equal(message.Encoding == SmsEncoding.Gsm7 ? "GSM-7" : "UCS-2", row["encoding"]);
            Assert.Equal(message.SentBy, row["sent_by"]);
        }
    }

    [Fact]
    public async Task TimesAreIsoUtcWithTheOffsetAndMilliseconds()
    {
        var from = NewSender();
        var at = new DateTimeOffset(2026, 11, 30, 6, 6, 33, 123, TimeSpan.FromHours(2));
        await StoreAsync(from, 1, (_, m) => m with { CreatedAt = at, UpdatedAt = at });
        using var client = await ViewerAsync();

        var (_, csv) = await GetAsync(client, $"from={Uri.EscapeDataString(from)}");
        var (_, jsonl) = await GetAsync(client, $"format=jsonl&from={Uri.EscapeDataString(from)}");

        Assert.Equal("2026-11-30T04:06:33.123+00:00", Assert.Single(ParseCsv(csv))["created_at"]);
        Assert.Equal("2026-11-30T04:06:33.123+00:00", JsonDocument.Parse(jsonl).RootElement.GetProperty("createdAt").GetString());
    }

    [Fact]
    public async Task EveryDangerousPrefixIsNeutralisedInBodyNumbersAndErrorMessages()
    {
        var from = NewSender();
        var stored = await StoreAsync(from, DangerousPrefixes.Length, (n, m) => m with
        {
            Body = DangerousPrefixes[n] + "HYPERLINK(\"http://evil.example\",\"x\")",
            To = DangerousPrefixes[n] + "15551234567",
            ErrorMessage = DangerousPrefixes[n] + "1+1",
            ErrorCode = 30003,
        });
        using var client = await ViewerAsync();

        var (_, text) = await GetAsync(client, $"history=true&from={Uri.EscapeDataString(from)}");

        var rows = ParseCsv(text);
        Assert.Equal(stored.Count, rows.Count);
        foreach (var (message, row) in stored.Zip(rows))
        {
            Assert.Equal("'" + message.Body, row["body"]);
            Assert.Equal("'" + message.To, row["to"]);
            Assert.Equal("'" + message.ErrorMessage, row["error_message"]);
            Assert.Equal("'" + message.From, row["from"]);
        }

        // No cell of any row starts with a dangerous character.
        Assert.All(rows.SelectMany(r => r.Values), cell => Assert.False(cell.Length > 0 && DangerousPrefixes.Any(p => cell[0] == p[0]), $"unescaped cell: {cell}"));
    }

    [Fact]
    public async Task JsonLinesIsOneValidObjectPerLineWithHistoryWhenAsked()
    {
        var from = NewSender();
        var history = new StatusEvent[]
        {
            new() { RawStatus = "queued", Source = StatusEventSource.SendResponse, ReceivedAt = T0 },
            new() { RawStatus = "delivered", Source = StatusEventSource.Callback, ReceivedAt = T0.AddSeconds(3) },
        };
        var stored = await StoreAsync(from, 3, (n, m) => m with { Body = $"line {n}\nsecond line \"quoted\"", History = history });
        using var client = await ViewerAsync();

        var (response, text) = await GetAsync(client, $"format=jsonl&history=true&from={Uri.EscapeDataString(from)}");

        Assert.Equal("application/jsonl", response.Content.Headers.ContentType?.MediaType);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(stored.Count, lines.Length);
        foreach (var (message, line) in stored.Zip(lines))
        {
            using var json = JsonDocument.Parse(line);
            Assert.Equal(message.Id, json.RootElement.GetProperty("id").GetGuid());
            Assert.Equal(message.Body, json.RootElement.GetProperty("body").GetString());
            Assert.Equal(message.To, json.RootElement.GetProperty("to").GetString());
            var events = json.RootElement.GetProperty("history").EnumerateArray().ToList();
            Assert.Equal(["queued", "delivered"], events.Select(e => e.GetProperty("status").GetString()));
            Assert.Equal("2025-03-14T07:26:56.589+00:00", events[1].GetProperty("at").GetString());
        }
    }

    [Fact]
    public async Task CsvWithHistoryHasOneRowPerStatusEvent()
    {
        var from = NewSender();
        var history = new StatusEvent[]
        {
            new() { RawStatus = "queued", Source = StatusEventSource.SendResponse, ReceivedAt = T0 },
            new() { RawStatus = "sent", Source = StatusEventSource.Callback, ReceivedAt = T0.AddSeconds(1) },
            new() { RawStatus = "undelivered", Source = StatusEventSource.Callback, ReceivedAt = T0.AddSeconds(5), ErrorCode = 30005, ErrorMessage = "Unknown destination" },
        };
        var stored = await StoreAsync(from, 2, (n, m) => m with { History = n == 0 ? history : [] });
        using var client = await ViewerAsync();

        var (_, text) = await GetAsync(client, $"history=true&sort=oldest&from={Uri.EscapeDataString(from)}");

        var rows = ParseCsv(text);
        // Oldest first: message 1 (no history, one row with empty event cells), then message 0's three events.
        Assert.Equal(4, rows.Count);
        Assert.Equal(stored[1].Id.ToString(), rows[0]["id"]);
        Assert.Equal("", rows[0]["event_status"]);
        Assert.Equal(["queued", "sent", "undelivered"], rows.Skip(1).Select(r => r["event_status"]));
        Assert.All(rows.Skip(1), r => Assert.Equal(stored[0].Id.ToString(), r["id"]));
        Assert.Equal("30005", rows[3]["event_error_code"]);
        Assert.Equal("callback", rows[3]["event_source"]);
    }

    [Fact]
    public async Task AnExportHoldsWhatTheListShowsForTheSameFilters()
    {
        var from = NewSender();
        await StoreAsync(from, 12, (n, m) => m with { Status = n % 3 == 0 ? MessageStatus.Failed : MessageStatus.Delivered, Body = n % 2 == 0 ? $"invoice {n}" : $"hello {n}" });
        using var client = await ViewerAsync();
        var filters = $"from={Uri.EscapeDataString(from)}&status=failed,delivered&q=invoice&sort=oldest";

        var list = JsonDocument.Parse(await client.GetStringAsync($"{MessageEndpoints.Path}?{filters}&pageSize=200", Ct));
        var (response, text) = await GetAsync(client, $"format=csv&{filters}");

        var listed = list.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToList();
        Assert.Equal(6, listed.Count);
        Assert.Equal(listed, ParseCsv(text).Select(r => r["id"]));
        Assert.Equal("6", response.Headers.GetValues(MessageExportEndpoints.TotalHeader).Single());
    }

    [Fact]
    public async Task TheDownloadIsAnAttachmentNamedWithTheUtcTime()
    {
        using var client = await ViewerAsync();

        var (response, _) = await GetAsync(client, "format=jsonl&history=true&to=%2B15550000000");

        var disposition = response.Content.Headers.ContentDisposition;
        Assert.Equal("attachment", disposition?.DispositionType);
        Assert.Matches(@"^messages-\d{8}T\d{6}Z-history\.jsonl$", disposition?.FileNameStar ?? disposition?.FileName?.Trim('"'));
    }

    [Theory]
    [InlineData("format=xlsx", "format")]
    [InlineData("history=yes", "history")]
    [InlineData("status=bogus", "status")]
    [InlineData("since=yesterday", "since")]
    [InlineData("q=ab", "q")]
    public async Task AnUnreadableFilterIsAProblemDetails400NamingTheParameter(string query, string parameter)
    {
        using var client = await ViewerAsync();

        var (response, text) = await GetAsync(client, query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(parameter, out _), text);
    }

    [Fact]
    public async Task AnAnonymousCallerGets401AndNoFile()
    {
        using var client = Tracker.CreateBrowserClient();

        var (response, text) = await GetAsync(client, "format=csv");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("sid", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOpenApiDocumentDeclaresTheExportsParametersWithoutTheListsPaging()
    {
        using var client = await ViewerAsync();

        using var document = JsonDocument.Parse(await client.GetStringAsync(SmsStatusTracker.Web.Endpoints.OpenApi.OpenApiRegistration.DocumentPath, Ct));

        var export = document.RootElement.GetProperty("paths").GetProperty(MessageExportEndpoints.Path).GetProperty("get");
        Assert.Equal("ExportMessages", export.GetProperty("operationId").GetString());
        var names = export.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "format", "history", "status", "to", "from", "errorCode", "since", "until", "q", "sort" }, names);
        Assert.DoesNotContain("page", names);
        Assert.DoesNotContain("before", names);
        Assert.True(export.GetProperty("responses").TryGetProperty("400", out _));
    }
}
