using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.ApiKeys;
using SmsStatusTracker.Web.Identity;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>
/// What the API keys page calls, with the principals real sessions carry: who may list, create and revoke which
/// keys, and that a created token really opens the API. Plus the navigation each role is served.
/// </summary>
public sealed class ApiKeyManagementTests(ApiKeyManagementTests.App app) : IClassFixture<ApiKeyManagementTests.App>
{
    public sealed class App : IDisposable
    {
        public TrackerApp Tracker { get; } = new();

        public void Dispose() => Tracker.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TrackerApp Tracker => app.Tracker;

    private ApiKeyManager Manager => Tracker.Services.GetRequiredService<ApiKeyManager>();

    private ApiKeyService Keys => Tracker.Services.GetRequiredService<ApiKeyService>();

    private async Task<ClaimsPrincipal> UserAsync(string role)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com";
        var invited = await Tracker.Accounts.InviteAsync(email, role, Ct);
        Assert.True(invited.Succeeded, invited.Error);
        return (await Tracker.Accounts.CreatePrincipalAsync(invited.UserId!, Ct))!;
    }

    [Fact]
    public async Task ViewerCreatesAKeyWhoseTokenReadsTheApiButCannotSend()
    {
        var viewer = await UserAsync(AppRoles.Viewer);

        var created = await Manager.CreateAsync(viewer, "  reporting script ", Ct);

        Assert.Null(created.Error);
        Assert.Equal("reporting script", created.Key!.Name);
        Assert.Equal(created.Key.Id, (await Keys.AuthenticateAsync(created.Token, Ct))?.Id);
        using var client = Tracker.CreateHttpClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/messages", Ct)).StatusCode);
        using var send = await client.PostAsync("/api/messages", JsonContent.Create(new { to = "+15005550006", body = "hi" }), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, send.StatusCode);
        // The listing never carries the token, only what the store keeps.
        var listed = Assert.Single(await Manager.ListAsync(viewer, Ct));
        Assert.Equal(created.Key.Id, listed.Key.Id);
        Assert.DoesNotContain(created.Token!, listed.Key.SecretHash, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task KeyWithoutANameIsRefusedWithAMessage(string? name)
    {
        var operatorUser = await UserAsync(AppRoles.Operator);

        var created = await Manager.CreateAsync(operatorUser, name, Ct);

        Assert.Null(created.Token);
        Assert.Contains("name", created.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await Manager.ListAsync(operatorUser, Ct));
    }

    [Fact]
    public async Task OwnerRevokesTheirKeyAndItStopsAuthenticating()
    {
        var owner = await UserAsync(AppRoles.Operator);
        var created = await Manager.CreateAsync(owner, "to revoke", Ct);

        var outcome = await Manager.RevokeAsync(owner, created.Key!.Id, Ct);

        Assert.Equal(ApiKeyRevocation.Revoked, outcome);
        Assert.Null(await Keys.AuthenticateAsync(created.Token, Ct));
        Assert.True(Assert.Single(await Manager.ListAsync(owner, Ct)).Key.IsRevoked);
    }

    [Theory]
    [InlineData(AppRoles.Viewer)]
    [InlineData(AppRoles.Operator)]
    public async Task NonAdminCannotRevokeOrSeeAnotherUsersKey(string role)
    {
        var owner = await UserAsync(AppRoles.Operator);
        var other = await UserAsync(role);
        var created = await Manager.CreateAsync(owner, "not yours", Ct);

        var outcome = await Manager.RevokeAsync(other, created.Key!.Id, Ct);

        Assert.Equal(ApiKeyRevocation.Forbidden, outcome);
        Assert.NotNull(await Keys.AuthenticateAsync(created.Token, Ct));
        Assert.DoesNotContain(await Manager.ListAsync(other, Ct), row => row.Key.Id == created.Key.Id);
    }

    [Fact]
    public async Task AdminSeesEveryonesKeysWithTheOwnerAndRevokesAny()
    {
        var owner = await UserAsync(AppRoles.Viewer);
        var admin = await UserAsync(AppRoles.Admin);
        var created = await Manager.CreateAsync(owner, "viewer's key", Ct);

        var row = Assert.Single(await Manager.ListAsync(admin, Ct), r => r.Key.Id == created.Key!.Id);
        var outcome = await Manager.RevokeAsync(admin, created.Key!.Id, Ct);

        Assert.Equal(owner.FindFirstValue(ClaimTypes.Email), row.OwnerEmail);
        Assert.Equal(ApiKeyRevocation.Revoked, outcome);
        Assert.Null(await Keys.AuthenticateAsync(created.Token, Ct));
    }

    [Fact]
    public async Task RevokingAnUnknownKeyReportsNotFound()
    {
        var admin = await UserAsync(AppRoles.Admin);

        Assert.Equal(ApiKeyRevocation.NotFound, await Manager.RevokeAsync(admin, Guid.NewGuid(), Ct));
    }

    [Theory]
    [InlineData(AppRoles.Viewer, false)]
    [InlineData(AppRoles.Operator, false)]
    [InlineData(AppRoles.Admin, true)]
    public async Task NavigationLinksEveryRoleToItsPagesAndOnlyAdminsToUsers(string role, bool seesUsers)
    {
        using var client = Tracker.CreateBrowserClient(await Tracker.SignInAsync($"nav-{role.ToLowerInvariant()}@example.com", role));

        var response = await client.GetAsync("/api-keys", Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var link in new[] { "nav-dashboard", "nav-messages", "nav-api-keys", "nav-toggle" })
        {
            Assert.Contains($"id=\"{link}\"", html, StringComparison.Ordinal);
        }

        Assert.Equal(seesUsers, html.Contains("id=\"nav-users\"", StringComparison.Ordinal));
        Assert.Contains("aria-label=\"Main navigation\"", html, StringComparison.Ordinal);
        Assert.Contains("keys-table", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnonymousApiKeysPageRequestIsRedirectedToSignIn()
    {
        using var client = Tracker.CreateBrowserClient();

        var response = await client.GetAsync("/api-keys", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(IdentityRegistration.SignInPath, response.Headers.Location?.AbsolutePath);
    }
}
