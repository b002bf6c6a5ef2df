using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Tests.Functional;
using SmsStatusTracker.Web.Identity;
using UsersPage = SmsStatusTracker.Web.Components.Pages.Admin.Users;

namespace SmsStatusTracker.Tests.Components;

/// <summary>
/// The users page over the app's real account administration (a running TrackerApp): a role change and a
/// deactivation each ask first, and nothing changes until the admin confirms.
/// </summary>
public sealed class UsersPageTests : BunitContext, IClassFixture<ApiKeysPageTests.App>
{
    private readonly TrackerApp tracker;

    public UsersPageTests(ApiKeysPageTests.App app)
    {
        tracker = app.Tracker;
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton(tracker.Services.GetRequiredService<AccountAdministration>());
        Services.AddSingleton(tracker.Services.GetRequiredService<SignInLinkMailer>());
    }

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private async Task<string> InviteAsync(string role)
    {
        var email = $"user-{Guid.NewGuid():N}@example.com";
        var invited = await tracker.Accounts.InviteAsync(email, role, Ct);
        Assert.True(invited.Succeeded, invited.Error);
        return email;
    }

    private async Task SignInAsAdminAsync()
    {
        var email = await InviteAsync(AppRoles.Admin);
        var admin = await tracker.Accounts.FindByEmailAsync(email, Ct);
        var auth = AddAuthorization();
        auth.SetAuthorized(email);
        auth.SetRoles(AppRoles.Admin);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, admin!.Id), new Claim(ClaimTypes.Email, email));
    }

    private (IRenderedComponent<IComponent> Host, IRenderedComponent<UsersPage> Page) RenderPage()
    {
        var host = Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<MudDialogProvider>(1);
            builder.CloseComponent();
            builder.OpenComponent<MudSnackbarProvider>(2);
            builder.CloseComponent();
            builder.OpenComponent<UsersPage>(3);
            builder.CloseComponent();
        });
        return (host, host.FindComponent<UsersPage>());
    }

    private static Task ClickDialogButtonAsync(IRenderedComponent<IComponent> host, string text) =>
        host.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text).ClickAsync(new());

    [Theory]
    [InlineData("Deactivate", false)]
    [InlineData("Cancel", true)]
    public async Task DeactivatingAsksFirstAndOnlyAConfirmationDeactivates(string answer, bool stillActive)
    {
        await SignInAsAdminAsync();
        var email = await InviteAsync(AppRoles.Operator);
        var (host, page) = RenderPage();
        var deactivate = page.WaitForElement($"[data-testid='deactivate-{email}']");

        // Not awaited: the handler waits for the answer this test is about to give.
        _ = deactivate.ClickAsync(new());
        var dialog = host.WaitForElement(".mud-dialog");
        Assert.Contains($"Deactivate {email}?", dialog.TextContent, StringComparison.Ordinal);
        Assert.True((await tracker.Accounts.FindByEmailAsync(email, Ct))!.IsActive);

        await ClickDialogButtonAsync(host, answer);

        host.WaitForAssertion(() => Assert.Empty(host.FindAll(".mud-dialog")));
        await WaitUntilAsync(async () => (await tracker.Accounts.FindByEmailAsync(email, Ct))!.IsActive == stillActive);
    }

    [Theory]
    [InlineData("Make Viewer", AppRoles.Viewer)]
    [InlineData("Cancel", AppRoles.Operator)]
    public async Task ChangingARoleAsksFirstAndACancelLeavesRoleAndSelectAsTheyWere(string answer, string roleAfter)
    {
        await SignInAsAdminAsync();
        var email = await InviteAsync(AppRoles.Operator);
        var (host, page) = RenderPage();
        page.WaitForElement($"[data-testid='role-{email}']");

        // What picking "Viewer" in the row's select does.
        var select = page.FindComponents<MudSelect<string>>().Single(s => s.Instance.UserAttributes.TryGetValue("data-testid", out var id) && (string?)id == $"role-{email}");
        _ = select.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(AppRoles.Viewer));
        var dialog = host.WaitForElement(".mud-dialog");
        Assert.Contains($"Make {email} Viewer?", dialog.TextContent, StringComparison.Ordinal);
        Assert.Equal(AppRoles.Operator, (await tracker.Accounts.FindByEmailAsync(email, Ct))!.Role);

        await ClickDialogButtonAsync(host, answer);

        await WaitUntilAsync(async () => (await tracker.Accounts.FindByEmailAsync(email, Ct))!.Role == roleAfter);
        page.WaitForAssertion(() =>
        {
            var shown = page.FindComponents<MudSelect<string>>().Single(s => s.Instance.UserAttributes.TryGetValue("data-testid", out var id) && (string?)id == $"role-{email}");
            Assert.Equal(roleAfter, shown.Find("input").GetAttribute("value"));
        });
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100 && !await condition(); i++)
        {
            await Task.Delay(50, Ct);
        }

        Assert.True(await condition());
    }
}
