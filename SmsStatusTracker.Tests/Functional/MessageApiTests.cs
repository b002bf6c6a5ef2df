using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.ApiKeys;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>The REST API as a script uses it: cookies or API keys, problem details for every error.</summary>
public sealed class MessageApiTests(MessageApiTests.App app) : IClassFixture<MessageApiTests.App>
{
    public sealed class App : IDisposable
    {
        public TrackerApp Tracker { get; } = new(new() { ["RateLimits:SendsPerUser"] = "1000" });

        public void Dispose() => Tracker.Dispose();
    }

    private TrackerApp Tracker => app.Tracker;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpClient> SignedInAsync(string role)
    {
        var cookies = await Tracker.SignInAsync($"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com", role);
        return Tracker.CreateBrowserClient(cookies);
    }

    private async Task<(HttpClient Client, Guid KeyId)> WithApiKeyAsync(string role)
    {
        var email = $"key-{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com";
        Assert.True((await Tracker.Accounts.InviteAsync(email, role, Ct)).Succeeded);
        var owner = await Tracker.Accounts.FindByEmailAsync(email, Ct);
        var (key, token) = await Tracker.Services.GetRequiredService<ApiKeyService>().CreateAsync(owner!.Id, "tests", Ct);
        var client = Tracker.CreateHttpClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (client, key.Id);
    }

    [Fact]
    public async Task AnOperatorSendsAMessageAndReadsItBackWithItsHistory()
    {
        using var client = await SignedInAsync(AppRoles.Operator);

        using var created = await client.PostAsJsonAsync("/api/messages", new { to = "(415) 555-2671", body = "From the API" }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var message = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = message.GetProperty("id").GetGuid();
        Assert.Equal($"/api/messages/{id}", created.Headers.Location?.ToString());
        Assert.Equal("+14155552671", message.GetProperty("to").GetString());
        Assert.Equal("From the API", message.GetProperty("body").GetString());
        Assert.StartsWith("SM", message.GetProperty("sid").GetString());

        await Tracker.WaitForFinalAsync(id);
        var read = await client.GetFromJsonAsync<JsonElement>($"/api/messages/{id}", Ct);
        Assert.Equal("delivered", read.GetProperty("status").GetString());
        Assert.Equal(["created", "queued", "sending", "sent", "delivered"], read.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()).Order(StatusOrder.Instance));
        Assert.Equal(0, read.GetProperty("foldedHistoryCount").GetInt32());
        Assert.EndsWith("Z", read.GetProperty("createdAt").GetString());

        var list = await client.GetFromJsonAsync<JsonElement>("/api/messages?status=delivered&q=From%20the%20API&pageSize=5", Ct);
        Assert.Contains(list.GetProperty("items").EnumerateArray(), item => item.GetProperty("id").GetGuid() == id);
        Assert.Equal(5, list.GetProperty("pageSize").GetInt32());
    }

    [Fact]
    public async Task InvalidInputGets400WithAnErrorPerFieldAndNothingIsStored()
    {
        using var client = await SignedInAsync(AppRoles.Operator);
        var before = (await Tracker.Store.ListAsync(new(), Ct)).Total;

        using var response = await client.PostAsJsonAsync("/api/messages", new { to = "not a number", body = "" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty("to", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("body", out _));
        Assert.Equal(before, (await Tracker.Store.ListAsync(new(), Ct)).Total);
    }

    [Fact]
    public async Task ATwilioRefusalGets422CarryingTheErrorCodeAndTheRecordedMessage()
    {
        using var client = await SignedInAsync(AppRoles.Admin);

        using var response = await client.PostAsJsonAsync("/api/messages", new { to = "+15005550004", body = "STOP was sent" }, Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(21610, problem.GetProperty("twilioErrorCode").GetInt32());
        var id = problem.GetProperty("id").GetGuid();
        var stored = await Tracker.Store.FindAsync(id, Ct);
        Assert.Equal(21610, stored!.ErrorCode);
    }

    [Theory]
    [InlineData("{\"to\": ", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("to=+14155552671&body=hi", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType)]
    public async Task MalformedBodiesGetProblemDetails(string body, string contentType, HttpStatusCode expected)
    {
        using var client = await SignedInAsync(AppRoles.Operator);

        using var response = await client.PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, contentType), Ct);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnOversizedBodyGets413()
    {
        using var client = await SignedInAsync(AppRoles.Operator);

        using var response = await client.PostAsJsonAsync("/api/messages", new { to = "+14155552671", body = new string('x', 40_000) }, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task TheListPagesByCursorAndSaysWhetherItsTotalIsExact()
    {
        using var client = await SignedInAsync(AppRoles.Viewer);
        var from = $"+1555{Random.Shared.Next(1_000_000, 9_999_999)}";
        var stored = new List<Guid>();
        for (var n = 0; n < 3; n++)
        {
            var message = SmsStatusTracker.Tests.Infrastructure.TestMessages.Stored(n, from: from, createdAt: DateTimeOffset.UtcNow.AddMinutes(n));
            await Tracker.Store.AddAsync(message, Ct);
            stored.Insert(0, message.Id);
        }

        var first = await client.GetFromJsonAsync<JsonElement>($"/api/messages?from=%2B{from[1..]}&pageSize=2", Ct);
        var older = await client.GetFromJsonAsync<JsonElement>($"/api/messages?from=%2B{from[1..]}&pageSize=2&before={first.GetProperty("older").GetString()}", Ct);
        var newer = await client.GetFromJsonAsync<JsonElement>($"/api/messages?from=%2B{from[1..]}&pageSize=2&after={older.GetProperty("newer").GetString()}", Ct);

        static Guid[] Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToArray();
        Assert.Equal(stored[..2], Ids(first));
        Assert.Equal(stored[2..], Ids(older));
        Assert.Equal(stored[..2], Ids(newer));
        Assert.Equal((3, true), (first.GetProperty("total").GetInt32(), first.GetProperty("totalIsExact").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, first.GetProperty("newer").ValueKind);
        Assert.Equal(JsonValueKind.Null, older.GetProperty("older").ValueKind);
        Assert.Equal(0, older.GetProperty("page").GetInt32());
    }

    [Theory]
    [InlineData("q=ab", "q")]
    [InlineData("page=402", "page")]
    [InlineData("before=nonsense", "before")]
    [InlineData("before=1-c0000000000000000000000000000001&after=1-c0000000000000000000000000000001", "after")]
    [InlineData("exactCount=maybe", "exactCount")]
    public async Task ListRequestsTheIndexesCannotServeFastGet400NamingTheParameter(string queryString, string field)
    {
        using var client = await SignedInAsync(AppRoles.Viewer);

        using var response = await client.GetAsync($"/api/messages?{queryString}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task InvalidListFiltersGet400()
    {
        using var client = await SignedInAsync(AppRoles.Viewer);

        using var response = await client.GetAsync("/api/messages?pageSize=100000&status=exploded&since=yesterday", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("pageSize", out _));
        Assert.True(errors.TryGetProperty("status", out _));
        Assert.True(errors.TryGetProperty("since", out _));
    }

    [Fact]
    public async Task ABodyWithANulCharacterGets400OnBodyAndNothingIsStored()
    {
        using var client = await SignedInAsync(AppRoles.Operator);
        var before = (await Tracker.Store.ListAsync(new SmsStatusTracker.Core.Storage.MessageQuery(), Ct)).Total;

        using var response = await client.PostAsJsonAsync("/api/messages", new { to = "+14155552671", body = "hello\0world" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(["body"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(before, (await Tracker.Store.ListAsync(new SmsStatusTracker.Core.Storage.MessageQuery(), Ct)).Total);
    }

    [Fact]
    public async Task AnUnknownIdGets404Problem()
    {
        using var client = await SignedInAsync(AppRoles.Viewer);

        using var response = await client.GetAsync($"/api/messages/{Guid.NewGuid()}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("GET", "/api/messages/0b7c3e5e-1111-2222-3333-444455556666")]
    [InlineData("GET", "/api/messages/not-a-guid")]
    [InlineData("GET", "/api/messages/12345")]
    [InlineData("GET", "/api/messages/0b7c3e5e-0000-0000-0000-00000000000g")]
    [InlineData("GET", "/api/messages/0b7c3e5e-1111-2222-3333-444455556666/history")]
    [InlineData("GET", "/api/nothing-here")]
    [InlineData("GET", "/API/Nothing-Here/")]
    [InlineData("POST", "/api/nothing-here")]
    [InlineData("DELETE", "/api/messages/not-a-guid")]
    [InlineData("PUT", "/api/messages")]
    public async Task MalformedIdsAndUnknownRoutesUnderApiGet404ProblemNotAPage(string method, string path)
    {
        using var client = await SignedInAsync(AppRoles.Viewer);
        var (keyClient, _) = await WithApiKeyAsync(AppRoles.Viewer);
        using (keyClient)
        {
            foreach (var caller in new[] { client, keyClient })
            {
                using var response = await caller.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Ct);

                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
    }

    [Fact]
    public async Task EveryApiResponseIsNoStore()
    {
        using var client = await SignedInAsync(AppRoles.Operator);
        using var anonymous = Tracker.CreateHttpClient();

        var responses = new[]
        {
            await client.GetAsync("/api/messages", Ct),
            await client.GetAsync($"/api/messages/{Guid.NewGuid()}", Ct),
            await client.GetAsync("/api/messages/not-a-guid", Ct),
            await client.GetAsync("/api/messages?status=nonsense", Ct),
            await client.PostAsJsonAsync("/api/messages", new { to = "+14155552671", body = "no-store" }, Ct),
            await anonymous.GetAsync("/api/messages", Ct),
        };

        foreach (var response in responses)
        {
            using (response)
            {
                Assert.True(response.Headers.CacheControl?.NoStore == true, $"{response.RequestMessage?.RequestUri} ({(int)response.StatusCode}) has Cache-Control '{response.Headers.CacheControl}'");
            }
        }
    }

    [Fact]
    public async Task AnOperatorsApiKeySendsAndAViewersKeyOnlyReads()
    {
        var (operatorKey, _) = await WithApiKeyAsync(AppRoles.Operator);
        var (viewerKey, _) = await WithApiKeyAsync(AppRoles.Viewer);
        using (operatorKey)
        using (viewerKey)
        {
            using var sent = await operatorKey.PostAsJsonAsync("/api/messages", new { to = "+15005550006", body = "by key" }, Ct);
            using var refused = await viewerKey.PostAsJsonAsync("/api/messages", new { to = "+15005550006", body = "by viewer key" }, Ct);
            using var read = await viewerKey.GetAsync(sent.Headers.Location, Ct);

            Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            var message = await read.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.StartsWith("key-operator-", message.GetProperty("sentBy").GetString());
        }
    }

    [Fact]
    public async Task RevokedKeysAndKeysOfDeactivatedUsersGet401()
    {
        var (revoked, revokedId) = await WithApiKeyAsync(AppRoles.Operator);
        var (orphaned, orphanedId) = await WithApiKeyAsync(AppRoles.Operator);
        using (revoked)
        using (orphaned)
        {
            await Tracker.Services.GetRequiredService<ApiKeyService>().RevokeAsync(revokedId, Ct);
            var key = await Tracker.Services.GetRequiredService<IApiKeyStore>().FindAsync(orphanedId, Ct);
            Assert.True((await Tracker.Accounts.DeactivateAsync(key!.UserId, Ct)).Succeeded);

            using var first = await revoked.GetAsync("/api/messages", Ct);
            using var second = await orphaned.GetAsync("/api/messages", Ct);

            Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        }
    }

    [Fact]
    public async Task AnonymousCallersGet401NotARedirect()
    {
        using var client = Tracker.CreateBrowserClient();

        using var response = await client.GetAsync("/api/messages", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private sealed class StatusOrder : IComparer<string?>
    {
        public static readonly StatusOrder Instance = new();

        private static readonly string[] Order = ["created", "queued", "sending", "sent", "delivered"];

        public int Compare(string? x, string? y) => Array.IndexOf(Order, x).CompareTo(Array.IndexOf(Order, y));
    }
}
