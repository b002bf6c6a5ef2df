using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Web.Identity;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>The OpenAPI document and the Scalar reference: served anonymously in Development, absent in Production.</summary>
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

    [Theory]
    [InlineData("/openapi/v1.json")]
    [InlineData("/scalar/v1")]
    public async Task ApiReferenceIsAbsentInProduction(string path)
    {
        using var smtp = new SmtpTestServer();
        using var factory = ProductionApp.Create(smtp);
        using var anonymous = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://localhost") });
        using var signedIn = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("https://localhost") });
        await SignInAsync(factory, signedIn, "prod-viewer@example.com");

        var forAnonymous = await anonymous.GetAsync(path, Ct);
        var forSignedIn = await signedIn.GetAsync(path, Ct);

        // Unknown paths fall under the "signed in" fallback policy, so anonymous callers get the sign-in redirect any
        // unknown path gets; a signed-in user sees that nothing is mapped there.
        Assert.Equal(HttpStatusCode.Redirect, forAnonymous.StatusCode);
        Assert.Equal(IdentityRegistration.SignInPath, forAnonymous.Headers.Location?.AbsolutePath);
        Assert.Equal(HttpStatusCode.NotFound, forSignedIn.StatusCode);
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
