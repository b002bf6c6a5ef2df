using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using SmsStatusTracker.Tests.Functional;
using SmsStatusTracker.Web.Endpoints.Messages;
using SmsStatusTracker.Web.LiveFeed;

namespace SmsStatusTracker.Tests.LiveFeed;

/// <summary>
/// The hub speaks the REST API's vocabulary: a plain SignalR client (no enum converter, as a JavaScript client is)
/// hears wire status names, "GSM-7"/"UCS-2", ISO-8601 UTC times and the documented event kinds.
/// </summary>
public sealed partial class HubVocabularyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HubEventsCarryWireNamesIsoTimesAndTheRestFieldNames()
    {
        using var app = new TrackerApp();
        await LiveFeedTests.WaitForFeedAsync(app);
        var token = await LiveFeedTests.ListenerKeyAsync(app);
        var events = new ConcurrentQueue<JsonElement>();
        await using var listener = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, MessagesHub.Path), options => options.Headers["Authorization"] = "Bearer " + token)
            .Build();
        listener.On<JsonElement>(MessageFeedEvents.MessageChanged, change => events.Enqueue(change.Clone()));
        await listener.StartAsync(Ct);

        var sent = await app.SendAsync("+15005550006", "Plain GSM text");
        await app.WaitForFinalAsync(sent.Id);
        await LiveFeedTests.WaitUntilAsync(() => Mine(events, sent.Id).Any(e => Status(e) == "delivered"));

        var mine = Mine(events, sent.Id);
        Assert.All(mine, e => Assert.Equal(1, e.GetProperty("version").GetInt32()));
        Assert.Equal("created", mine[0].GetProperty("kind").GetString());
        Assert.Equal("created", Status(mine[0]));
        Assert.All(mine.Skip(1), e => Assert.Equal("statusChanged", e.GetProperty("kind").GetString()));
        var delivered = mine.Last(e => Status(e) == "delivered").GetProperty("message");
        Assert.Equal("GSM-7", delivered.GetProperty("encoding").GetString());
        Assert.Matches(IsoUtc(), delivered.GetProperty("createdAt").GetString());
        Assert.Matches(IsoUtc(), delivered.GetProperty("updatedAt").GetString());
        var newest = Assert.Single(delivered.GetProperty("history").EnumerateArray());
        Assert.Equal("delivered", newest.GetProperty("status").GetString());
        Assert.Matches(IsoUtc(), newest.GetProperty("at").GetString());

        // The same message read over REST has exactly the same fields, spelled the same way.
        using var http = app.CreateHttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var rest = JsonDocument.Parse(await http.GetStringAsync($"{MessageEndpoints.Path}/{sent.Id}", Ct));
        Assert.Equal(Names(rest.RootElement), Names(delivered));
        Assert.Equal(rest.RootElement.GetProperty("status").GetString(), delivered.GetProperty("status").GetString());
        Assert.Equal(rest.RootElement.GetProperty("createdAt").GetString(), delivered.GetProperty("createdAt").GetString());
    }

    [Fact]
    public async Task AMessageOutsideGsmSevenIsAnnouncedAsUcsTwo()
    {
        using var app = new TrackerApp();
        await LiveFeedTests.WaitForFeedAsync(app);
        var token = await LiveFeedTests.ListenerKeyAsync(app);
        var events = new ConcurrentQueue<JsonElement>();
        await using var listener = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, MessagesHub.Path), options => options.Headers["Authorization"] = "Bearer " + token)
            .Build();
        listener.On<JsonElement>(MessageFeedEvents.MessageChanged, change => events.Enqueue(change.Clone()));
        await listener.StartAsync(Ct);

        var sent = await app.SendAsync("+15005550006", "Grüße 👋");
        await LiveFeedTests.WaitUntilAsync(() => Mine(events, sent.Id).Count > 0);

        Assert.Equal("UCS-2", Mine(events, sent.Id)[0].GetProperty("message").GetProperty("encoding").GetString());
    }

    private static List<JsonElement> Mine(IEnumerable<JsonElement> events, Guid id) =>
        events.Where(e => e.GetProperty("message").GetProperty("id").GetGuid() == id).ToList();

    private static string? Status(JsonElement change) => change.GetProperty("message").GetProperty("status").GetString();

    private static List<string> Names(JsonElement message) => message.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")]
    private static partial Regex IsoUtc();
}
