using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.ApiKeys;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Web.Endpoints.StatusCallbacks;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>
/// Every endpoint and page × every kind of caller gets exactly the expected answer. Pages take the sign-in
/// cookie only; the API and the hub also take API keys, which act with their owner's role.
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixTests.World world) : IClassFixture<AuthorizationMatrixTests.World>
{
    public const string Anonymous = "anonymous";
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Admin = "admin";
    public const string ViewerKey = "viewer key";
    public const string OperatorKey = "operator key";
    public const string RevokedKey = "revoked key";
    public const string DeactivatedUser = "deactivated user";

    private const int Redirect = 302;

    /// <summary>One app with one caller of each kind, set up once.</summary>
    public sealed class World : IAsyncLifetime
    {
        private readonly Dictionary<string, Func<HttpClient>> callers = [];

        public TrackerApp Tracker { get; } = new(new() { ["Auth:SessionValidationInterval"] = "00:00:00", ["RateLimits:SendsPerUser"] = "1000" });

        public Message Message { get; private set; } = default!;

        public HttpClient Caller(string kind) => callers[kind]();

        public async ValueTask InitializeAsync()
        {
            Message = await Tracker.SendAsync("+15005550006", "matrix");
            callers[Anonymous] = () => Tracker.CreateBrowserClient();
            foreach (var (kind, role) in new[] { (Viewer, AppRoles.Viewer), (Operator, AppRoles.Operator), (Admin, AppRoles.Admin) })
            {
                var cookies = await Tracker.SignInAsync($"{kind}@matrix.example.com", role);
                callers[kind] = () => Tracker.CreateBrowserClient(cookies);
            }

            callers[ViewerKey] = Bearer(await KeyAsync("viewer-key@matrix.example.com", AppRoles.Viewer, revoke: false));
            callers[OperatorKey] = Bearer(await KeyAsync("operator-key@matrix.example.com", AppRoles.Operator, revoke: false));
            callers[RevokedKey] = Bearer(await KeyAsync("revoked-key@matrix.example.com", AppRoles.Operator, revoke: true));

            var deactivated = await Tracker.SignInAsync("deactivated@matrix.example.com", AppRoles.Operator);
            var user = await Tracker.Accounts.FindByEmailAsync("deactivated@matrix.example.com", CancellationToken.None);
            Assert.True((await Tracker.Accounts.DeactivateAsync(user!.Id, CancellationToken.None)).Succeeded);
            callers[DeactivatedUser] = () => Tracker.CreateBrowserClient(deactivated);
        }

        private async Task<string> KeyAsync(string email, string role, bool revoke)
        {
            Assert.True((await Tracker.Accounts.InviteAsync(email, role, CancellationToken.None)).Succeeded);
            var owner = await Tracker.Accounts.FindByEmailAsync(email, CancellationToken.None);
            var keys = Tracker.Services.GetRequiredService<ApiKeyService>();
            var (key, token) = await keys.CreateAsync(owner!.Id, "matrix", CancellationToken.None);
            if (revoke)
            {
                await keys.RevokeAsync(key.Id, CancellationToken.None);
            }

            return token;
        }

        private Func<HttpClient> Bearer(string token) => () =>
        {
            var client = Tracker.CreateBrowserClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return client;
        };

        public ValueTask DisposeAsync()
        {
            Tracker.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private static readonly string[] Callers = [Anonymous, Viewer, Operator, Admin, ViewerKey, OperatorKey, RevokedKey, DeactivatedUser];

    /// <summary>Expected answers in the order of <see cref="Callers"/>.</summary>
    private static readonly Dictionary<string, int[]> Expected = new()
    {
        // Pages: the cookie only; keys and failed sign-ins are sent to the sign-in page.
        ["GET /"] = [Redirect, 200, 200, 200, Redirect, Redirect, Redirect, Redirect],
        ["GET /messages"] = [Redirect, 200, 200, 200, Redirect, Redirect, Redirect, Redirect],
        ["GET /insights"] = [Redirect, 200, 200, 200, Redirect, Redirect, Redirect, Redirect],
        ["GET /messages/{id}"] = [Redirect, 200, 200, 200, Redirect, Redirect, Redirect, Redirect],
        ["GET /admin/users"] = [Redirect, Redirect, Redirect, 200, Redirect, Redirect, Redirect, Redirect],
        ["GET /admin/activity"] = [Redirect, Redirect, Redirect, 200, Redirect, Redirect, Redirect, Redirect],
        ["GET /conversations/{number}"] = [Redirect, 200, 200, 200, Redirect, Redirect, Redirect, Redirect],
        ["GET /opt-outs"] = [Redirect, Redirect, Redirect, 200, Redirect, Redirect, Redirect, Redirect],
        ["GET /admin/webhook-doctor"] = [Redirect, Redirect, Redirect, 200, Redirect, Redirect, Redirect, Redirect],
        ["GET /admin/webhooks"] = [Redirect, Redirect, Redirect, 200, Redirect, Redirect, Redirect, Redirect],
        ["GET /admin/webhooks/{endpointid}"] = [Redirect, Redirect, Redirect, 200, Redirect, Redirect, Redirect, Redirect],
        ["GET " + SmsStatusTracker.Web.Endpoints.OptOuts.OptOutEndpoints.ExportPath] = [401, 403, 403, 200, 401, 401, 401, 401],
        ["GET /admin/alerts"] = [Redirect, Redirect, Redirect, 200, Redirect, Redirect, Redirect, Redirect],
        ["GET " + SmsStatusTracker.Web.Alerts.AlertEndpoints.Path] = [401, 403, 403, 200, 401, 401, 401, 401],
        ["GET " + SmsStatusTracker.Web.Alerts.AlertEndpoints.RulesPath] = [401, 403, 403, 200, 401, 401, 401, 401],
        ["POST " + SmsStatusTracker.Web.Simulator.SimulatedReplyEndpoints.Path] = [401, 403, 200, 200, 403, 200, 401, 401],
        ["POST " + InboundSmsRoute.Path] = [403, 403, 403, 403, 403, 403, 403, 403],
        ["GET /api-keys"] = [Redirect, 200, 200, 200, Redirect, Redirect, Redirect, Redirect],
        ["GET /account/sign-in"] = [200, 200, 200, 200, 200, 200, 200, 200],
        // The REST API: cookie or key; Viewers read; Operators and Admins send.
        ["GET /api/messages"] = [401, 200, 200, 200, 200, 200, 401, 401],
        ["GET /api/messages/{id}"] = [401, 200, 200, 200, 200, 200, 401, 401],
        ["GET " + SmsStatusTracker.Web.Endpoints.Messages.MessageExportEndpoints.Path] = [401, 200, 200, 200, 200, 200, 401, 401],
        ["POST /api/messages"] = [401, 403, 201, 201, 403, 201, 401, 401],
        // Scheduling and canceling are sending; Viewers see schedules only. The matrix message was sent already: 409 once allowed.
        ["POST /api/messages?sendAt=tomorrow"] = [401, 403, 201, 201, 403, 201, 401, 401],
        ["POST /api/messages/{id}/cancel"] = [401, 403, 409, 409, 403, 409, 401, 401],
        ["GET /api/messages?status=scheduled"] = [401, 200, 200, 200, 200, 200, 401, 401],
        // Bulk jobs: pages for any role; Viewers read (the id here is no job's: 404), Operators and Admins create.
        ["GET /bulk"] = [Redirect, 200, 200, 200, Redirect, Redirect, Redirect, Redirect],
        ["GET /bulk/{id}"] = [Redirect, 200, 200, 200, Redirect, Redirect, Redirect, Redirect],
        ["GET /api/bulk-jobs/{id}"] = [401, 404, 404, 404, 404, 404, 401, 401],
        ["POST /api/bulk-jobs"] = [401, 403, 201, 201, 403, 201, 401, 401],
        // The live feed hub.
        ["POST /hubs/messages/negotiate"] = [401, 200, 200, 200, 200, 200, 401, 401],
        // Twilio's webhook authenticates by signature alone: an unsigned post is refused whoever sends it.
        ["POST " + StatusCallbackRoute.Path] = [403, 403, 403, 403, 403, 403, 403, 403],
        ["GET /health/live"] = [200, 200, 200, 200, 200, 200, 200, 200],
        ["GET /health/ready"] = [200, 200, 200, 200, 200, 200, 200, 200],
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in Expected.Keys)
        {
            foreach (var caller in Callers)
            {
                data.Add(endpoint, caller);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EveryCallerGetsExactlyTheExpectedAnswer(string endpoint, string caller)
    {
        using var client = world.Caller(caller);
        var (method, path) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1].Replace("{id}", world.Message.Id.ToString()).Replace("{number}", "%2B15005550006"));
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (endpoint == "POST /api/messages")
        {
            request.Content = JsonContent.Create(new { to = "+15005550006", body = $"matrix by {caller}" });
        }
        else if (endpoint == "POST /api/messages?sendAt=tomorrow")
        {
            request.Content = JsonContent.Create(new { to = "+15005550006", body = $"scheduled by {caller}", sendAt = DateTimeOffset.UtcNow.AddDays(1).ToString("O") });
        }
        else if (endpoint == "POST /api/bulk-jobs")
        {
            request.Content = new StringContent($"to,body\n+14155550123,bulk matrix by {caller}\n", System.Text.Encoding.UTF8, "text/csv");
        }
        else if (endpoint == "POST " + SmsStatusTracker.Web.Simulator.SimulatedReplyEndpoints.Path)
        {
            request.Content = JsonContent.Create(new { from = "+14155550123", body = $"reply by {caller}" });
        }
        else if (endpoint is "POST " + StatusCallbackRoute.Path or "POST " + InboundSmsRoute.Path)
        {
            request.Content = new FormUrlEncodedContent(SignedCallback.Form(world.Message.Sid!, "read"));
        }

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        var expected = Expected[endpoint][Array.IndexOf(Callers, caller)];
        Assert.True((int)response.StatusCode == expected, $"{caller} → {endpoint}: expected {expected}, got {(int)response.StatusCode} {response.Headers.Location}");
        if (expected == Redirect)
        {
            Assert.Contains("/account/", response.Headers.Location?.ToString());
        }
    }

    /// <summary>A page added later cannot be left out of the matrix: every routable page that needs a sign-in is in it.</summary>
    [Fact]
    public void EveryPageThatNeedsASignInIsInTheMatrix()
    {
        var protectedRoutes = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(Microsoft.AspNetCore.Components.IComponent).IsAssignableFrom(t)
                && t.GetCustomAttributes(typeof(Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute), true).Length == 0)
            .SelectMany(t => t.GetCustomAttributes(typeof(Microsoft.AspNetCore.Components.RouteAttribute), true).Cast<Microsoft.AspNetCore.Components.RouteAttribute>())
            .Select(route => "GET " + System.Text.RegularExpressions.Regex.Replace(route.Template, @"\{(\w+)(:\w+)?\}", m => "{" + m.Groups[1].Value.ToLowerInvariant() + "}"))
            .ToList();

        Assert.Contains("GET /admin/activity", protectedRoutes);
        Assert.All(protectedRoutes, route => Assert.True(Expected.ContainsKey(route), $"{route} is a page that needs a sign-in but is not in the matrix"));
    }
}
