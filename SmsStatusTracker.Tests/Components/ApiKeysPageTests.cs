using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.ApiKeys;
using SmsStatusTracker.Tests.Functional;
using SmsStatusTracker.Web.Identity;
using ApiKeysPage = SmsStatusTracker.Web.Components.Pages.ApiKeys;

namespace SmsStatusTracker.Tests.Components;

/// <summary>
/// The API keys page rendered by bunit over the app's real key manager and stores (from a running TrackerApp), as a
/// signed-in user with the claims a session carries.
/// </summary>
public sealed class ApiKeysPageTests : BunitContext, IClassFixture<ApiKeysPageTests.App>
{
    private readonly TrackerApp tracker;

    public ApiKeysPageTests(App app)
    {
        tracker = app.Tracker;
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton(tracker.Services.GetRequiredService<ApiKeyManager>());
    }

    public sealed class App : IDisposable
    {
        public TrackerApp Tracker { get; } = new();

        public void Dispose() => Tracker.Dispose();
    }

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private ApiKeyService Keys => tracker.Services.GetRequiredService<ApiKeyService>();

    private async Task<string> SignInAsAsync(string role)
    {
        var email = $"page-{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com";
        var invited = await tracker.Accounts.InviteAsync(email, role, Ct);
        Assert.True(invited.Succeeded, invited.Error);
        var auth = AddAuthorization();
        auth.SetAuthorized(email);
        auth.SetRoles(role);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, invited.UserId!), new Claim(ClaimTypes.Email, email));
        return invited.UserId!;
    }

    /// <summary>The page under the providers the layout supplies (popovers for tooltips, dialogs for confirmations).</summary>
    private (IRenderedComponent<IComponent> Host, IRenderedComponent<ApiKeysPage> Page) RenderPage()
    {
        var host = Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<MudSnackbarProvider>(2);
            builder.CloseComponent();
            builder.OpenComponent<ApiKeysPage>(3);
            builder.CloseComponent();
        });
        return (host, host.FindComponent<ApiKeysPage>());
    }

    [Fact]
    public async Task CreatingAKeyShowsItsTokenOnceAndTheTokenAuthenticates()
    {
        var userId = await SignInAsAsync(AppRoles.Viewer);
        var (_, page) = RenderPage();

        page.Find("#key-name").Input("nightly export");
        await page.Find("#key-create").ClickAsync(new());

        var alert = page.WaitForElement("[data-testid=new-key-token]");
        Assert.Contains("will not be shown again", alert.TextContent, StringComparison.Ordinal);
        var token = page.Find("#new-key-value").GetAttribute("value");
        Assert.StartsWith(ApiKeySecret.Prefix, token, StringComparison.Ordinal);
        var key = await Keys.AuthenticateAsync(token, Ct);
        Assert.NotNull(key);
        Assert.Equal(userId, key.UserId);
        Assert.Equal("nightly export", key.Name);
        page.WaitForAssertion(() => Assert.Contains("nightly export", page.Find("[data-testid=keys-table]").TextContent, StringComparison.Ordinal));

        await page.Find("#new-key-done").ClickAsync(new());

        Assert.DoesNotContain(token!, page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=new-key-token]"));
        // A fresh visit lists the key but can never show its token again.
        var again = Render<ApiKeysPage>();
        again.WaitForAssertion(() => Assert.Contains("nightly export", again.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain(token!, again.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatingWithoutANameShowsAValidationMessageAndMakesNoKey()
    {
        var userId = await SignInAsAsync(AppRoles.Operator);
        var (_, page) = RenderPage();

        await page.Find("#key-create").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("Give the key a name", page.Markup, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=new-key-token]"));
        Assert.Empty(await Keys.ListAsync(userId, Ct));
    }

    [Fact]
    public async Task RevokeAsksForConfirmationAndThenRevokesTheKey()
    {
        var userId = await SignInAsAsync(AppRoles.Operator);
        var (key, token) = await Keys.CreateAsync(userId, "old script", Ct);
        var (host, page) = RenderPage();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll($"[data-testid=revoke-{key.Id}]")));

        // Not awaited: the handler is waiting for the confirmation this test is about to give.
        _ = page.Find($"[data-testid=revoke-{key.Id}]").ClickAsync(new());
        var confirm = host.WaitForElement(".mud-dialog");
        Assert.Contains("cannot be undone", confirm.TextContent, StringComparison.Ordinal);
        Assert.NotNull(await Keys.AuthenticateAsync(token, Ct));
        await host.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Revoke").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("Revoked", page.Find("[data-testid=keys-table]").TextContent, StringComparison.Ordinal));
        Assert.Null(await Keys.AuthenticateAsync(token, Ct));
        Assert.Empty(page.FindAll($"[data-testid=revoke-{key.Id}]"));
    }

    [Fact]
    public async Task CancellingTheConfirmationKeepsTheKey()
    {
        var userId = await SignInAsAsync(AppRoles.Viewer);
        var (key, token) = await Keys.CreateAsync(userId, "keep me", Ct);
        var (host, page) = RenderPage();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll($"[data-testid=revoke-{key.Id}]")));

        // Not awaited: the handler is waiting for the confirmation this test is about to give.
        _ = page.Find($"[data-testid=revoke-{key.Id}]").ClickAsync(new());
        host.WaitForElement(".mud-dialog");
        await host.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Cancel").ClickAsync(new());

        host.WaitForAssertion(() => Assert.Empty(host.FindAll(".mud-dialog")));
        Assert.NotNull(await Keys.AuthenticateAsync(token, Ct));
    }

    [Fact]
    public async Task AdminSeesOtherUsersKeysWithTheirOwnerAndAnOwnerColumn()
    {
        var other = await tracker.Accounts.InviteAsync($"owner-{Guid.NewGuid():N}@example.com", AppRoles.Viewer, Ct);
        var ownerEmail = (await tracker.Accounts.FindByIdAsync(other.UserId!, Ct))!.Email;
        await Keys.CreateAsync(other.UserId!, "someone else's", Ct);
        await SignInAsAsync(AppRoles.Admin);

        var (_, page) = RenderPage();

        page.WaitForAssertion(() => Assert.Contains("someone else's", page.Markup, StringComparison.Ordinal));
        Assert.Contains(ownerEmail, page.Markup, StringComparison.Ordinal);
        Assert.Contains("Owner", page.Find("[data-testid=keys-table] thead").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonAdminSeesOnlyTheirOwnKeys()
    {
        var other = await tracker.Accounts.InviteAsync($"stranger-{Guid.NewGuid():N}@example.com", AppRoles.Operator, Ct);
        await Keys.CreateAsync(other.UserId!, "a stranger's key", Ct);
        var userId = await SignInAsAsync(AppRoles.Operator);
        await Keys.CreateAsync(userId, "my key", Ct);

        var (_, page) = RenderPage();

        page.WaitForAssertion(() => Assert.Contains("my key", page.Markup, StringComparison.Ordinal));
        Assert.DoesNotContain("a stranger's key", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Owner", page.Find("[data-testid=keys-table] thead").TextContent, StringComparison.Ordinal);
    }
}
