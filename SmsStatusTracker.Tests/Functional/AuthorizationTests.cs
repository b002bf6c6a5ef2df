using System.Net;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Web.Endpoints.StatusCallbacks;
using SmsStatusTracker.Web.Identity;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>Who may open what, over real HTTP with real session cookies.</summary>
public sealed class AuthorizationTests(AuthorizationTests.App app) : IClassFixture<AuthorizationTests.App>
{
    public sealed class App : IDisposable
    {
        // Sessions re-check their security stamp on every request, so deactivation is seen at once.
        public TrackerApp Tracker { get; } = new(new() { ["Auth:SessionValidationInterval"] = "00:00:00" });

        public void Dispose() => Tracker.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TrackerApp Tracker => app.Tracker;

    [Theory]
    [InlineData("/")]
    [InlineData("/admin/users")]
    public async Task AnonymousPageRequestIsRedirectedToSignIn(string path)
    {
        using var client = Tracker.CreateBrowserClient();

        var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(IdentityRegistration.SignInPath, response.Headers.Location?.AbsolutePath);
        Assert.Contains("ReturnUrl=" + Uri.EscapeDataString(path), response.Headers.Location!.Query, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(IdentityRegistration.SignInPath)]
    [InlineData("/account/link?token=x.y")]
    [InlineData("/dev/mailbox")]
    public async Task SignInPagesOpenAnonymously(string path)
    {
        using var client = Tracker.CreateBrowserClient();

        var response = await client.GetAsync(path, Ct);

        Assert.NotEqual(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("<html", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebhookStaysReachableAnonymouslyAndAnswersWithItsOwnSignatureCheck()
    {
        using var client = Tracker.CreateBrowserClient();

        var response = await client.PostAsync(StatusCallbackRoute.Path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["MessageSid"] = "SM00000000000000000000000000000000",
            ["MessageStatus"] = "delivered",
        }), Ct);

        // Not a redirect to sign-in: the webhook itself refused the missing signature.
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(TwilioHeaders.Signature, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SimulatorStaysReachableAnonymouslyBehindItsBasicAuth()
    {
        using var client = Tracker.CreateBrowserClient();

        var response = await client.GetAsync("/simulator/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages/SM00000000000000000000000000000000.json", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ViewerSeesTheMessageListButNoComposeFormAndIsRefusedTheAdminPages()
    {
        using var client = Tracker.CreateBrowserClient(await Tracker.SignInAsync("viewer@example.com", AppRoles.Viewer));

        var dashboard = await client.GetStringAsync("/", Ct);
        var admin = await client.GetAsync("/admin/users", Ct);

        Assert.DoesNotContain("compose-to", dashboard, StringComparison.Ordinal);
        Assert.Contains("viewer-notice", dashboard, StringComparison.Ordinal);
        Assert.Contains("viewer@example.com · Viewer", dashboard, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        Assert.Equal(IdentityRegistration.AccessDeniedPath, admin.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task OperatorSeesTheComposeFormButIsRefusedTheAdminPages()
    {
        using var client = Tracker.CreateBrowserClient(await Tracker.SignInAsync("operator@example.com", AppRoles.Operator));

        var dashboard = await client.GetStringAsync("/", Ct);
        var admin = await client.GetAsync("/admin/users", Ct);

        Assert.Contains("compose-to", dashboard, StringComparison.Ordinal);
        Assert.DoesNotContain("nav-users", dashboard, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        Assert.Equal(IdentityRegistration.AccessDeniedPath, admin.Headers.Location?.AbsolutePath);
        var denied = await client.GetAsync(admin.Headers.Location, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }

    [Fact]
    public async Task AdminOpensTheUsersPageListingEveryone()
    {
        await Tracker.Accounts.InviteAsync("listed@example.com", AppRoles.Viewer, Ct);
        using var client = Tracker.CreateBrowserClient(await Tracker.SignInAsync("boss@example.com", AppRoles.Admin));

        var response = await client.GetAsync("/admin/users", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("listed@example.com", html, StringComparison.Ordinal);
        Assert.Contains("nav-users", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeactivatedUsersExistingCookieStopsWorking()
    {
        var cookies = await Tracker.SignInAsync("leaver@example.com", AppRoles.Operator);
        using var client = Tracker.CreateBrowserClient(cookies);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/", Ct)).StatusCode);
        var user = await Tracker.Accounts.FindByEmailAsync("leaver@example.com", Ct);

        Assert.True((await Tracker.Accounts.DeactivateAsync(user!.Id, Ct)).Succeeded);
        var after = await client.GetAsync("/", Ct);

        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal(IdentityRegistration.SignInPath, after.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task DemotedAdminLosesTheAdminPagesOnTheNextRequest()
    {
        await Tracker.Accounts.EnsureAdminAsync("keeper@example.com", Ct);
        var cookies = await Tracker.SignInAsync("demoted@example.com", AppRoles.Admin);
        using var client = Tracker.CreateBrowserClient(cookies);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/users", Ct)).StatusCode);
        var user = await Tracker.Accounts.FindByEmailAsync("demoted@example.com", Ct);

        Assert.True((await Tracker.Accounts.ChangeRoleAsync(user!.Id, AppRoles.Viewer, Ct)).Succeeded);

        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync("/admin/users", Ct)).StatusCode);
    }

    [Fact]
    public async Task SigningOutEndsTheSession()
    {
        using var client = Tracker.CreateBrowserClient(await Tracker.SignInAsync("brief@example.com", AppRoles.Viewer));
        var dashboard = new Uri(Tracker.BaseAddress, "/");

        var signedOut = await AccountPages.SubmitFormAsync(client, dashboard);

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(IdentityRegistration.SignInPath, new Uri(Tracker.BaseAddress, signedOut.Headers.Location!).AbsolutePath);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/", Ct)).StatusCode);
    }

    [Fact]
    public async Task SignOutWithoutAnAntiforgeryTokenIsRefused()
    {
        using var client = Tracker.CreateBrowserClient(await Tracker.SignInAsync("csrf@example.com", AppRoles.Viewer));

        var forged = await client.PostAsync(IdentityRegistration.SignOutPath, new FormUrlEncodedContent(new Dictionary<string, string>()), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/", Ct)).StatusCode);
    }

    [Fact]
    public async Task EveryResponseCarriesTheSecurityHeaders()
    {
        using var client = Tracker.CreateBrowserClient();

        var response = await client.GetAsync(IdentityRegistration.SignInPath, Ct);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        var antiforgery = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains("httponly", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", antiforgery, StringComparison.OrdinalIgnoreCase);
    }
}
