using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.ApiKeys;
using SmsStatusTracker.Web.Endpoints.Messages;
using SmsStatusTracker.Web.Endpoints.OpenApi;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>
/// The OpenAPI document describes the whole API and nothing else: every operation is secured by the API key, named
/// and summarised; the list's query parameters are all there with the limits the parser enforces; and every status
/// code the API answers (probed with real requests) is declared on its operation.
/// </summary>
public sealed class OpenApiDocumentTests(OpenApiDocumentTests.App app) : IClassFixture<OpenApiDocumentTests.App>
{
    public sealed class App : IDisposable
    {
        public TrackerApp Tracker { get; } = new();

        public void Dispose() => Tracker.Dispose();

        public async Task<JsonElement> DocumentAsync()
        {
            using var http = Tracker.CreateHttpClient();
            using var response = await http.GetAsync(OpenApiRegistration.DocumentPath, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
        }

        public async Task<HttpClient> ClientAsync(string? role)
        {
            var http = Tracker.CreateHttpClient();
            if (role is not null)
            {
                var invited = await Tracker.Accounts.InviteAsync($"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com", role, Ct);
                Assert.True(invited.Succeeded, invited.Error);
                var (_, token) = await Tracker.Services.GetRequiredService<ApiKeyService>().CreateAsync(invited.UserId!, "openapi", Ct);
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            return http;
        }
    }

    private static readonly string[] ListParameters =
        ["status", "to", "from", "errorCode", "since", "until", "q", "page", "pageSize", "before", "after", "sort", "exactCount"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheDocumentHoldsTheMessagesApiAndNoWebhookAccountHealthOrSimulatorEndpoint()
    {
        var paths = (await app.DocumentAsync()).GetProperty("paths");

        var names = paths.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains(MessageEndpoints.Path, names);
        Assert.Contains(MessageEndpoints.Path + "/{id}", names);
        Assert.Contains(SmsStatusTracker.Web.Endpoints.Bulk.BulkJobEndpoints.Path, names);
        Assert.All(names, name => Assert.True(
            name.StartsWith(MessageEndpoints.Path, StringComparison.Ordinal) || name.StartsWith(SmsStatusTracker.Web.Endpoints.Bulk.BulkJobEndpoints.Path, StringComparison.Ordinal), name));
        Assert.DoesNotContain(names, name => name.Contains("sms-status", StringComparison.OrdinalIgnoreCase)
            || name.Contains("account", StringComparison.OrdinalIgnoreCase)
            || name.Contains("health", StringComparison.OrdinalIgnoreCase)
            || name.Contains("2010-04-01", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryOperationHasAUniqueIdASummaryAndTheApiKeyBearerRequirement()
    {
        var document = await app.DocumentAsync();

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty(ApiDocumentTransformer.ApiKeyScheme);
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        var operations = Operations(document).ToList();
        Assert.Equal(5, operations.Count(o => o.Path.StartsWith(MessageEndpoints.Path, StringComparison.Ordinal))); // send, get, list, export, cancel
        Assert.All(operations, o =>
        {
            Assert.False(string.IsNullOrWhiteSpace(o.Operation.GetProperty("summary").GetString()), $"{o.Method} {o.Path} has no summary");
            var requirement = Assert.Single(o.Operation.GetProperty("security").EnumerateArray());
            Assert.True(requirement.TryGetProperty(ApiDocumentTransformer.ApiKeyScheme, out _), $"{o.Method} {o.Path} does not require the API key");
            Assert.True(o.Operation.GetProperty("responses").TryGetProperty("401", out var unauthorized));
            Assert.True(unauthorized.GetProperty("headers").TryGetProperty("WWW-Authenticate", out _));
        });
        var ids = operations.Select(o => o.Operation.GetProperty("operationId").GetString()).ToList();
        Assert.All(ids, id => Assert.False(string.IsNullOrWhiteSpace(id)));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task TheListDeclaresEveryQueryParameterItReadsAndTheSendItsIdempotencyKey()
    {
        var document = await app.DocumentAsync();

        var list = Operation(document, "get", MessageEndpoints.Path);
        var parameters = list.GetProperty("parameters").EnumerateArray().ToList();
        Assert.Equal(ListParameters.Order(StringComparer.Ordinal), parameters.Select(p => p.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(parameters, p => Assert.Equal("query", p.GetProperty("in").GetString()));
        Assert.All(parameters, p => Assert.False(string.IsNullOrWhiteSpace(p.GetProperty("description").GetString())));
        var send = Operation(document, "post", MessageEndpoints.Path);
        var key = Assert.Single(send.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == SmsStatusTracker.Core.Sending.Idempotency.IdempotencyKey.Header);
        Assert.Equal("header", key.GetProperty("in").GetString());
        Assert.True(send.GetProperty("responses").GetProperty("201").GetProperty("headers").TryGetProperty(MessageEndpoints.ReplayedHeader, out _));
        var retryAfter = send.GetProperty("responses").GetProperty("429").GetProperty("headers").GetProperty("Retry-After");
        Assert.True(retryAfter.GetProperty("required").GetBoolean());
    }

    /// <summary>The documented limits are the parser's: a value just outside each documented schema is a 400 naming it.</summary>
    [Fact]
    public async Task AValueOutsideEachDocumentedParameterSchemaIsRefusedWithThatParameterNamed()
    {
        var document = await app.DocumentAsync();
        using var viewer = await app.ClientAsync(AppRoles.Viewer);

        foreach (var parameter in Operation(document, "get", MessageEndpoints.Path).GetProperty("parameters").EnumerateArray())
        {
            var name = parameter.GetProperty("name").GetString()!;
            var invalid = OutsideOf(parameter.GetProperty("schema"));

            using var response = await viewer.GetAsync($"{MessageEndpoints.Path}?{name}={Uri.EscapeDataString(invalid)}", Ct);

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}={invalid} answered {(int)response.StatusCode}");
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.True(problem.GetProperty("errors").TryGetProperty(name, out _), $"{name}={invalid}: {problem}");
        }
    }

    [Fact]
    public async Task EveryStatusCodeTheApiAnswersIsDeclaredOnItsOperation()
    {
        var document = await app.DocumentAsync();
        using var anonymous = await app.ClientAsync(null);
        using var viewer = await app.ClientAsync(AppRoles.Viewer);
        using var operatorKey = await app.ClientAsync(AppRoles.Operator);
        // Routing answers 415 before authorization, so only a caller the fallback policy knows (the cookie) hears it.
        using var signedIn = app.Tracker.CreateBrowserClient(await app.Tracker.SignInAsync($"op-{Guid.NewGuid():N}@example.com", AppRoles.Operator));
        using var created = await operatorKey.PostAsJsonAsync(MessageEndpoints.Path, new { to = "+15005550006", body = "OpenAPI probe" }, Ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var one = $"{MessageEndpoints.Path}/{id}";
        (string Method, string Operation, HttpClient Client, HttpRequestMessage Request, HttpStatusCode Expected)[] probes =
        [
            ("post", MessageEndpoints.Path, anonymous, Send(new { to = "+15005550006", body = "x" }), HttpStatusCode.Unauthorized),
            ("post", MessageEndpoints.Path, viewer, Send(new { to = "+15005550006", body = "x" }), HttpStatusCode.Forbidden),
            ("post", MessageEndpoints.Path, operatorKey, Send(new { to = "+15005550006", body = "x" }), HttpStatusCode.Created),
            ("post", MessageEndpoints.Path, operatorKey, Send(new { to = "not a number", body = "x" }), HttpStatusCode.BadRequest),
            ("post", MessageEndpoints.Path, operatorKey, Send(new { to = "+15005550006", body = new string('x', 40_000) }), HttpStatusCode.RequestEntityTooLarge),
            ("post", MessageEndpoints.Path, signedIn, new HttpRequestMessage(HttpMethod.Post, MessageEndpoints.Path) { Content = new StringContent("to=x", Encoding.UTF8, "application/x-www-form-urlencoded") }, HttpStatusCode.UnsupportedMediaType),
            ("get", MessageEndpoints.Path + "/{id}", anonymous, new HttpRequestMessage(HttpMethod.Get, one), HttpStatusCode.Unauthorized),
            ("get", MessageEndpoints.Path + "/{id}", viewer, new HttpRequestMessage(HttpMethod.Get, one), HttpStatusCode.OK),
            ("get", MessageEndpoints.Path + "/{id}", viewer, new HttpRequestMessage(HttpMethod.Get, $"{MessageEndpoints.Path}/{Guid.NewGuid()}"), HttpStatusCode.NotFound),
            ("get", MessageEndpoints.Path, anonymous, new HttpRequestMessage(HttpMethod.Get, MessageEndpoints.Path), HttpStatusCode.Unauthorized),
            ("get", MessageEndpoints.Path, viewer, new HttpRequestMessage(HttpMethod.Get, MessageEndpoints.Path), HttpStatusCode.OK),
            ("get", MessageEndpoints.Path, viewer, new HttpRequestMessage(HttpMethod.Get, MessageEndpoints.Path + "?pageSize=0"), HttpStatusCode.BadRequest),
        ];

        foreach (var (method, path, client, request, expected) in probes)
        {
            using (request)
            using (var response = await client.SendAsync(request, Ct))
            {
                Assert.True(expected == response.StatusCode, $"{request.Method} {request.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode}");
                var declared = Operation(document, method, path).GetProperty("responses");
                Assert.True(declared.TryGetProperty(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), out _),
                    $"{method} {path} answers {(int)response.StatusCode} but does not declare it");
            }
        }

        // What the probes cannot provoke cheaply (Twilio refusing, the send throttle, an idempotency conflict, the store
        // down) is tested in MessageApiTests and the idempotency tests; here it must at least be declared.
        Assert.All(new[] { "400", "401", "403", "409", "413", "415", "422", "429", "503" },
            code => Assert.True(Operation(document, "post", MessageEndpoints.Path).GetProperty("responses").TryGetProperty(code, out _), $"send does not declare {code}"));
    }

    private static HttpRequestMessage Send(object body) => new(HttpMethod.Post, MessageEndpoints.Path) { Content = JsonContent.Create(body) };

    /// <summary>A value the schema itself says is invalid.</summary>
    private static string OutsideOf(JsonElement schema)
    {
        if (schema.TryGetProperty("pattern", out _))
        {
            return "not-a-cursor";
        }

        return schema.GetProperty("type").GetString() switch
        {
            "array" => "no_such_status",
            "integer" => schema.TryGetProperty("maximum", out var max) ? (max.GetInt64() + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : "x",
            "boolean" => "maybe",
            "string" when schema.TryGetProperty("enum", out _) => "no_such_value",
            "string" when schema.TryGetProperty("format", out var format) && format.GetString() == "date-time" => "yesterday",
            "string" when schema.TryGetProperty("minLength", out var min) && min.GetInt32() > 1 => new string('x', min.GetInt32() - 1),
            "string" => new string('x', schema.GetProperty("maxLength").GetInt32() + 1),
            var other => throw new InvalidOperationException($"No invalid value known for a {other} parameter."),
        };
    }

    private static JsonElement Operation(JsonElement document, string method, string path) => document.GetProperty("paths").GetProperty(path).GetProperty(method);

    private static IEnumerable<(string Method, string Path, JsonElement Operation)> Operations(JsonElement document) =>
        from path in document.GetProperty("paths").EnumerateObject()
        from operation in path.Value.EnumerateObject()
        where operation.Name is "get" or "post" or "put" or "patch" or "delete"
        select (operation.Name, path.Name, operation.Value);
}
