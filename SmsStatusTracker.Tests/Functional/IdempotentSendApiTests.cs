using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.ApiKeys;
using SmsStatusTracker.Core.Sending;
using SmsStatusTracker.Core.Sending.Idempotency;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Web.Endpoints.Messages;
using Twilio.Clients;
using TwilioHttp = Twilio.Http;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>
/// <c>Idempotency-Key</c> on <c>POST /api/messages</c> as an integrator retries: the whole app with the simulator,
/// every request to Twilio's create-message API counted by body (each test sends its own text).
/// </summary>
public sealed class IdempotentSendApiTests(IdempotentSendApiTests.App app) : IClassFixture<IdempotentSendApiTests.App>
{
    public sealed class App : IDisposable
    {
        public App()
        {
            Tracker = new TrackerApp(
                new() { ["RateLimits:SendsPerUser"] = "1000" },
                services => services.AddTransient<ITwilioRestClient>(sp => new CountingTwilioClient(
                    TwilioRestClientFactory.Create(sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<IOptions<TwilioOptions>>()),
                    this)));
        }

        public TrackerApp Tracker { get; }

        public ConcurrentDictionary<string, int> CreatesByBody { get; } = new();

        /// <summary>When set, creates wait for it; <see cref="Entered"/> says one is waiting.</summary>
        public TaskCompletionSource? Gate { get; set; }

        public TaskCompletionSource Entered { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Creates(string body) => CreatesByBody.GetValueOrDefault(body);

        public void Dispose() => Tracker.Dispose();
    }

    private TrackerApp Tracker => app.Tracker;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConcurrentRetriesWithOneKeyCreateOneMessageAndCallTwilioOnce()
    {
        var (client, _) = await WithApiKeyAsync();
        var body = Unique("Concurrent retries");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => PostAsync(client, body, "same-key"), Ct)));

        Assert.Equal(1, app.Creates(body));
        Assert.Single(Tracker.Ledger.Messages, m => m.Body == body);
        Assert.Single((await Tracker.Store.ListAsync(new() { Search = body }, Ct)).Items);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created && !r.Headers.Contains(MessageEndpoints.ReplayedHeader));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task ARetryGetsTheFirstStatusCodeAndBodyFlaggedAsAReplayAndSendsNothing()
    {
        var (client, _) = await WithApiKeyAsync();
        var body = Unique("Retried after a timeout");
        using var first = await PostAsync(client, body, "retry-1");
        var firstBody = await first.Content.ReadAsStringAsync(Ct);
        await Tracker.WaitForFinalAsync(JsonDocument.Parse(firstBody).RootElement.GetProperty("id").GetGuid());

        using var retry = await PostAsync(client, body, "retry-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.False(first.Headers.Contains(MessageEndpoints.ReplayedHeader));
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues(MessageEndpoints.ReplayedHeader)));
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(firstBody, await retry.Content.ReadAsStringAsync(Ct));
        Assert.Equal(1, app.Creates(body));
    }

    [Fact]
    public async Task ARetryOfARefusedSendGetsTheSame422AndIsNotSentAgain()
    {
        var (client, _) = await WithApiKeyAsync();
        var body = Unique("Refused");
        using var first = await PostAsync(client, body, "refused-1", to: "+15005550001");

        using var retry = await PostAsync(client, body, "refused-1", to: "+15005550001");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, retry.StatusCode);
        Assert.True(retry.Headers.Contains(MessageEndpoints.ReplayedHeader));
        // The same problem, but for its traceId, which names the request answered.
        Assert.Equal(WithoutTraceId(await first.Content.ReadAsStringAsync(Ct)), WithoutTraceId(await retry.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(1, app.Creates(body));
    }

    private static string WithoutTraceId(string problem)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(problem)!.AsObject();
        Assert.True(json.Remove("traceId"));
        return json.ToJsonString();
    }

    [Fact]
    public async Task TheSameKeyWithADifferentBodyIs422WithACodeAndSendsNothing()
    {
        var (client, _) = await WithApiKeyAsync();
        var body = Unique("First use of the key");
        using var first = await PostAsync(client, body, "reused");
        var other = Unique("Another message");

        using var reused = await PostAsync(client, other, "reused");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("application/problem+json", reused.Content.Headers.ContentType?.MediaType);
        var problem = await reused.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(IdempotencyKeyReusedException.Code, problem.GetProperty("code").GetString());
        Assert.Contains("\"reused\"", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, app.Creates(other));
    }

    [Fact]
    public async Task ARetryWhileTheFirstRequestIsWaitingForTwilioGets409WithRetryAfter()
    {
        var (client, _) = await WithApiKeyAsync();
        var body = Unique("Held at Twilio");
        app.Entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<HttpResponseMessage> first;
        HttpResponseMessage duringFirst;
        try
        {
            first = PostAsync(client, body, "held");
            await app.Entered.Task.WaitAsync(TimeSpan.FromSeconds(15), Ct);
            duringFirst = await PostAsync(client, body, "held");
        }
        finally
        {
            app.Gate.TrySetResult();
            app.Gate = null;
        }

        using var firstResponse = await first;
        using var afterFirst = await PostAsync(client, body, "held");

        Assert.Equal(HttpStatusCode.Conflict, duringFirst.StatusCode);
        Assert.True(duringFirst.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(IdempotencyKeyInFlightException.Code, (await duringFirst.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Created, firstResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Created, afterFirst.StatusCode);
        Assert.True(afterFirst.Headers.Contains(MessageEndpoints.ReplayedHeader));
        Assert.Equal(1, app.Creates(body));
        duringFirst.Dispose();
    }

    [Fact]
    public async Task KeysAreScopedToTheUserSoTheirApiKeysShareThemAndOtherUsersDoNot()
    {
        var (alice, aliceId) = await WithApiKeyAsync();
        var (aliceSecondKey, _) = await WithApiKeyAsync(aliceId);
        var (bob, _) = await WithApiKeyAsync();
        var body = Unique("Same key, two callers");

        using var fromAlice = await PostAsync(alice, body, "shared-key");
        using var fromAliceAgain = await PostAsync(aliceSecondKey, body, "shared-key");
        using var fromBob = await PostAsync(bob, body, "shared-key");

        Assert.Equal(HttpStatusCode.Created, fromBob.StatusCode);
        Assert.False(fromBob.Headers.Contains(MessageEndpoints.ReplayedHeader));
        Assert.True(fromAliceAgain.Headers.Contains(MessageEndpoints.ReplayedHeader));
        Assert.Equal(fromAlice.Headers.Location, fromAliceAgain.Headers.Location);
        Assert.NotEqual(fromAlice.Headers.Location, fromBob.Headers.Location);
        Assert.Equal(2, app.Creates(body));
    }

    [Theory]
    [InlineData(256, "")]
    [InlineData(0, "tab\tinside")]
    public async Task AnInvalidKeyGets400NamingTheHeaderAndNothingIsSent(int length, string key)
    {
        var (client, _) = await WithApiKeyAsync();
        var body = Unique("Bad key");

        using var response = await PostAsync(client, body, length > 0 ? new string('k', length) : key);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(IdempotencyKey.Header, out _), problem.ToString());
        Assert.Equal(0, app.Creates(body));
    }

    [Fact]
    public async Task AfterACrashBetweenStoringTheKeyAndStoringTheMessageTheRetrySendsItOnceUnderTheKeysId()
    {
        var (client, userId) = await WithApiKeyAsync();
        var body = Unique("The first process died");
        var now = DateTimeOffset.UtcNow;
        var record = new IdempotencyRecord(userId, "crashed", RequestFingerprint.Of(new SendSmsRequest("+15005550006", body)), Guid.CreateVersion7(now), now, now.AddDays(1));
        Assert.True((await Tracker.Services.GetRequiredService<IIdempotencyStore>().ClaimAsync(record, now, Ct)).IsNew);

        using var retry = await PostAsync(client, body, "crashed");
        using var again = await PostAsync(client, body, "crashed");

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal($"/api/messages/{record.MessageId}", retry.Headers.Location?.ToString());
        Assert.True(again.Headers.Contains(MessageEndpoints.ReplayedHeader));
        Assert.Equal(1, app.Creates(body));
    }

    private static string Unique(string text) => $"{text} {Guid.NewGuid():N}";

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string body, string key, string to = "+15005550006")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(new { to, body }) };
        request.Headers.TryAddWithoutValidation(IdempotencyKey.Header, key);
        return client.SendAsync(request, Ct);
    }

    /// <summary>A client on a new API key of <paramref name="userId"/>, or of a new Operator.</summary>
    private async Task<(HttpClient Client, string UserId)> WithApiKeyAsync(string? userId = null)
    {
        if (userId is null)
        {
            var email = $"idem-{Guid.NewGuid():N}@example.com";
            Assert.True((await Tracker.Accounts.InviteAsync(email, AppRoles.Operator, Ct)).Succeeded);
            userId = (await Tracker.Accounts.FindByEmailAsync(email, Ct))!.Id;
        }

        var (_, token) = await Tracker.Services.GetRequiredService<ApiKeyService>().CreateAsync(userId, "idempotency tests", Ct);
        var client = Tracker.CreateHttpClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (client, userId);
    }

    /// <summary>The real SDK client, counting create-message requests by body and holding them while the app's gate is set.</summary>
    private sealed class CountingTwilioClient(ITwilioRestClient inner, App app) : ITwilioRestClient
    {
        public string AccountSid => inner.AccountSid;

        public string Region => inner.Region;

        public TwilioHttp.HttpClient HttpClient => inner.HttpClient;

        public TwilioHttp.Response Request(TwilioHttp.Request request) => throw new NotSupportedException("The sender calls Twilio asynchronously.");

        public async Task<TwilioHttp.Response> RequestAsync(TwilioHttp.Request request)
        {
            if (request.Method == TwilioHttp.HttpMethod.Post && request.PostParams.FirstOrDefault(p => p.Key == "Body").Value is { } body)
            {
                app.CreatesByBody.AddOrUpdate(body, 1, (_, n) => n + 1);
                if (app.Gate is { } gate)
                {
                    app.Entered.TrySetResult();
                    await gate.Task;
                }
            }

            return await inner.RequestAsync(request);
        }
    }
}
