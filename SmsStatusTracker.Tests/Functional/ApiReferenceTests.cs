using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.ApiKeys;
using SmsStatusTracker.Web.Endpoints.OpenApi;
using SmsStatusTracker.Web.Identity;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>
/// The OpenAPI document and the Scalar reference: both served anonymously in Development; in Production the document
/// only to API callers (an API key or a sign-in), the reference not at all.
/// </summary>
public sealed partial class ApiReferenceTests(ApiReferenceTests.App app) : IClassFixture<ApiReferenceTests.App>
{
    public sealed class App : IDisposable
    {
        // TrackerApp runs in Development, as WebApplicationFactory does by default.
        public TrackerApp Tracker { get; } = new();

        public void Dispose() => Tracker.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OpenApiDocumentInDevelopmentDescribesTheMessagesApiWithItsShapes()
    {
        using var client = app.Tracker.CreateBrowserClient();

        var response = await client.GetAsync("/openapi/v1.json", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var paths = document.RootElement.GetProperty("paths");
        var messages = paths.GetProperty("/api/messages");
        Assert.True(messages.TryGetProperty("get", out _));
        var send = messages.GetProperty("post");
        Assert.True(send.TryGetProperty("requestBody", out _));
        Assert.True(send.GetProperty("responses").TryGetProperty("201", out _));
        Assert.True(send.GetProperty("responses").TryGetProperty("429", out _));
        Assert.True(paths.GetProperty("/api/messages/{id}").GetProperty("get").GetProperty("responses").TryGetProperty("404", out _));
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.TryGetProperty("MessageResponse", out _));
        Assert.True(schemas.TryGetProperty("SendMessageRequest", out _));
        Assert.True(schemas.TryGetProperty("MessageListResponse", out _));
    }

    [Fact]
    public async Task ScalarReferenceInDevelopmentRunsItsScriptsUnderTheResponsesCspNonce()
    {
        using var client = app.Tracker.CreateBrowserClient();

        var response = await client.GetAsync("/scalar/v1", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        var nonce = CspNonce().Match(csp).Groups[1].Value;
        Assert.NotEmpty(nonce);
        var scripts = ScriptTag().Matches(html);
        Assert.NotEmpty(scripts);
        // Attribute values are HTML-encoded ('+' may come as &#x2B;); the browser decodes them before comparing.
        Assert.All(scripts, script => Assert.Equal(nonce, WebUtility.HtmlDecode(NonceAttribute().Match(script.Value).Groups[1].Value)));
        Assert.DoesNotContain("fonts.scalar.com", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScalarReferenceIsAbsentInProduction()
    {
        using var smtp = new SmtpTestServer();
        using var factory = ProductionApp.Create(smtp);
        using var anonymous = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://localhost") });
        using var signedIn = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("https://localhost") });
        await SignInAsync(factory, signedIn, "prod-viewer@example.com");

        var forAnonymous = await anonymous.GetAsync("/scalar/v1", Ct);
        var forSignedIn = await signedIn.GetAsync("/scalar/v1", Ct);

        // Unknown paths fall under the "signed in" fallback policy, so anonymous callers get the sign-in redirect any
        // unknown path gets; a signed-in user sees that nothing is mapped there.
        Assert.Equal(HttpStatusCode.Redirect, forAnonymous.StatusCode);
        Assert.Equal(IdentityRegistration.SignInPath, forAnonymous.Headers.Location?.AbsolutePath);
        Assert.Equal(HttpStatusCode.NotFound, forSignedIn.StatusCode);
    }

    [Fact]
    public async Task OpenApiDocumentInProductionIsServedToApiCallersOnly()
    {
        using var smtp = new SmtpTestServer();
        using var factory = ProductionApp.Create(smtp);
        var options = new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://localhost") };
        using var anonymous = factory.CreateClient(options);
        using var wrongKey = factory.CreateClient(options);
        wrongKey.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sst_not-a-key");
        using var withKey = factory.CreateClient(options);
        var viewer = await factory.Services.GetRequiredService<AccountService>().InviteAsync("prod-key-owner@example.com", AppRoles.Viewer, Ct);
        var (_, token) = await factory.Services.GetRequiredService<ApiKeyService>().CreateAsync(viewer.UserId!, "docs", Ct);
        withKey.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var signedIn = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("https://localhost") });
        await SignInAsync(factory, signedIn, "prod-doc-reader@example.com");

        var forAnonymous = await anonymous.GetAsync(OpenApiRegistration.DocumentPath, Ct);
        var forWrongKey = await wrongKey.GetAsync(OpenApiRegistration.DocumentPath, Ct);
        var forKey = await withKey.GetAsync(OpenApiRegistration.DocumentPath, Ct);
        var forSignedIn = await signedIn.GetAsync(OpenApiRegistration.DocumentPath, Ct);

        // As for the API: a status code and the bearer challenge, not the sign-in page.
        Assert.Equal(HttpStatusCode.Unauthorized, forAnonymous.StatusCode);
        Assert.Equal("Bearer", forAnonymous.Headers.WwwAuthenticate.ToString());
        Assert.Null(forAnonymous.Headers.Location);
        Assert.Equal(HttpStatusCode.Unauthorized, forWrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, forKey.StatusCode);
        using var document = JsonDocument.Parse(await forKey.Content.ReadAsStringAsync(Ct));
        Assert.True(document.RootElement.GetProperty("paths").TryGetProperty("/api/messages", out _));
        Assert.Equal(HttpStatusCode.OK, forSignedIn.StatusCode);
    }

    private static async Task SignInAsync(WebApplicationFactory<Program> factory, HttpClient client, string email)
    {
        var invited = await factory.Services.GetRequiredService<AccountService>().InviteAsync(email, AppRoles.Viewer, Ct);
        Assert.True(invited.Succeeded, invited.Error);
        string? token;
        using (var scope = factory.Services.CreateScope())
        {
            token = await scope.ServiceProvider.GetRequiredService<SignInLinks>().IssueAsync(email);
        }

        var redeemed = await AccountPages.FollowSignInLinkAsync(client, new Uri(client.BaseAddress!, $"/account/link?token={Uri.EscapeDataString(token!)}"));
        Assert.Equal(HttpStatusCode.Redirect, redeemed.StatusCode);
    }

    [GeneratedRegex("script-src [^;]*'nonce-([^']+)'")]
    private static partial Regex CspNonce();

    [GeneratedRegex("nonce=\"([^\"]*)\"")]
    private static partial Regex NonceAttribute();

    [GeneratedRegex("<script\\b[^>]*>")]
    private static partial Regex ScriptTag();
}
