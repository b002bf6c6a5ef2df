using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.ApiKeys;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>
/// A page on another site cannot use a signed-in browser's cookie to change anything through the API or to
/// listen to the live feed; scripts with API keys and non-browser clients (no Origin) are unaffected.
/// </summary>
public sealed class CrossOriginTests(CrossOriginTests.App app) : IClassFixture<CrossOriginTests.App>
{
    private const string ConfiguredOrigin = "https://sms.example.com";
    private const string ForeignOrigin = "https://evil.example.net";

    public sealed class App : IDisposable
    {
        public TrackerApp Tracker { get; } = new(new()
        {
            ["RateLimits:SendsPerUser"] = "1000",
            ["Auth:PublicBaseUrl"] = ConfiguredOrigin,
        });

        public void Dispose() => Tracker.Dispose();
    }

    private TrackerApp Tracker => app.Tracker;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string OwnOrigin => Tracker.BaseAddress.GetLeftPart(UriPartial.Authority);

    private async Task<(HttpClient Client, CookieContainer Cookies)> SignedInAsync()
    {
        var cookies = await Tracker.SignInAsync($"operator-{Guid.NewGuid():N}@example.com", AppRoles.Operator);
        return (Tracker.CreateBrowserClient(cookies), cookies);
    }

    private static HttpRequestMessage Send(string? origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(new { to = "+14155552671", body = "origin test" }) };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return request;
    }

    [Fact]
    public async Task ACookieSendFromAForeignOriginIs403AndNothingIsStored()
    {
        var (client, _) = await SignedInAsync();
        using (client)
        {
            var before = (await Tracker.Store.ListAsync(new SmsStatusTracker.Core.Storage.MessageQuery(), Ct)).Total;

            using var foreign = await client.SendAsync(Send(ForeignOrigin), Ct);
            using var opaque = await client.SendAsync(Send("null"), Ct);

            Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
            Assert.Equal("application/problem+json", foreign.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.Forbidden, opaque.StatusCode);
            Assert.Equal(before, (await Tracker.Store.ListAsync(new SmsStatusTracker.Core.Storage.MessageQuery(), Ct)).Total);
        }
    }

    [Fact]
    public async Task ACookieSendFromThisOriginTheConfiguredOriginOrWithoutOriginIsAccepted()
    {
        var (client, _) = await SignedInAsync();
        using (client)
        {
            foreach (var origin in new[] { OwnOrigin, OwnOrigin.ToUpperInvariant(), ConfiguredOrigin, null })
            {
                using var response = await client.SendAsync(Send(origin), Ct);
                Assert.True(response.StatusCode == HttpStatusCode.Created, $"Origin {origin ?? "(none)"}: {(int)response.StatusCode}");
            }
        }
    }

    [Fact]
    public async Task ALookAlikeOfTheOwnOriginIsForeign()
    {
        var (client, _) = await SignedInAsync();
        using (client)
        {
            var otherPort = new UriBuilder(Tracker.BaseAddress) { Port = Tracker.BaseAddress.Port + 1 }.Uri.GetLeftPart(UriPartial.Authority);
            var otherScheme = "https://" + Tracker.BaseAddress.Authority;
            foreach (var origin in new[] { otherPort, otherScheme, ConfiguredOrigin + ".evil.example.net" })
            {
                using var response = await client.SendAsync(Send(origin), Ct);
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"Origin {origin}: {(int)response.StatusCode}");
            }
        }
    }

    [Fact]
    public async Task AnApiKeyCallerIsNotAffectedByOrigin()
    {
        var email = $"key-{Guid.NewGuid():N}@example.com";
        Assert.True((await Tracker.Accounts.InviteAsync(email, AppRoles.Operator, Ct)).Succeeded);
        var owner = await Tracker.Accounts.FindByEmailAsync(email, Ct);
        var (_, token) = await Tracker.Services.GetRequiredService<ApiKeyService>().CreateAsync(owner!.Id, "tests", Ct);
        using var client = Tracker.CreateHttpClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await client.SendAsync(Send(ForeignOrigin), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task ReadingWithACookieFromAForeignOriginIsNotAStateChangeAndIsAllowed()
    {
        var (client, _) = await SignedInAsync();
        using (client)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/messages");
            request.Headers.Add("Origin", ForeignOrigin);

            using var response = await client.SendAsync(request, Ct);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task HubNegotiateFromAForeignOriginIs403AndFromThisOriginSucceeds()
    {
        var (client, _) = await SignedInAsync();
        using (client)
        {
            using var foreign = await client.SendAsync(Negotiate(ForeignOrigin), Ct);
            using var own = await client.SendAsync(Negotiate(OwnOrigin), Ct);
            using var none = await client.SendAsync(Negotiate(null), Ct);

            Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
            Assert.Equal(HttpStatusCode.OK, none.StatusCode);
        }
    }

    [Fact]
    public async Task HubWebSocketUpgradeFromAForeignOriginIs403AndFromThisOriginConnects()
    {
        var (client, cookies) = await SignedInAsync();
        using (client)
        {
            Assert.Equal(HttpStatusCode.Forbidden, await ConnectAsync(await NegotiateTokenAsync(client), ForeignOrigin));
            Assert.Equal(HttpStatusCode.SwitchingProtocols, await ConnectAsync(await NegotiateTokenAsync(client), OwnOrigin));
        }

        async Task<HttpStatusCode> ConnectAsync(string token, string origin)
        {
            using var socket = new ClientWebSocket();
            socket.Options.Cookies = cookies;
            socket.Options.CollectHttpResponseDetails = true;
            socket.Options.SetRequestHeader("Origin", origin);
            var url = new UriBuilder(Tracker.BaseAddress) { Scheme = "ws", Path = "/hubs/messages", Query = $"id={Uri.EscapeDataString(token)}" }.Uri;
            try
            {
                await socket.ConnectAsync(url, Ct);
            }
            catch (WebSocketException)
            {
                // The handshake was refused: the status code tells why.
            }

            return socket.HttpStatusCode;
        }
    }

    private static HttpRequestMessage Negotiate(string? origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/messages/negotiate?negotiateVersion=1");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return request;
    }

    private static async Task<string> NegotiateTokenAsync(HttpClient client)
    {
        using var response = await client.SendAsync(Negotiate(null), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return body.GetProperty("connectionToken").GetString()!;
    }
}
