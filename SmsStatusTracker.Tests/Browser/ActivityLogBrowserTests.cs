using Microsoft.Playwright;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.ActivityLog;
using SmsStatusTracker.Tests.Functional;

namespace SmsStatusTracker.Tests.Browser;

/// <summary>The activity log in a real browser: an admin acts on four pages, then finds each action on the Activity page.</summary>
[Collection(SmsStatusTracker.Tests.Infrastructure.HeavyTestsCollection.Name)]
public sealed class ActivityLogBrowserTests(HeadlessChromium chromium) : IClassFixture<HeadlessChromium>, IDisposable
{
    private readonly TrackerApp app = new();

    public void Dispose() => app.Dispose();

    private static Task WaitInteractiveAsync(IPage page) =>
        page.WaitForSelectorAsync("[data-interactive='true']", new PageWaitForSelectorOptions { Timeout = 20_000 });

    private static ILocator Row(IPage page, ActivityKind kind, string text) =>
        page.Locator("[data-testid=activity-table] tbody tr", new() { Has = page.Locator($"[data-activity-kind='{kind.ToWireName()}']"), HasText = text });

    [Fact]
    public async Task AnInviteARoleChangeAKeyAndASendEachAppearInTheActivityLogWithTheAdmin()
    {
        const string admin = "boss@example.com";
        const string invitee = "newcomer@example.com";
        var page = await chromium.OpenInteractiveAsync(new Uri(app.BaseAddress, "/admin/users"), await app.SignInAsync(admin, AppRoles.Admin));

        // Invite (as Viewer, the form's default), then make them Operator, confirming the dialog.
        await page.FillAsync("#invite-email", invitee);
        await page.ClickAsync("#invite-send");
        var role = page.Locator($"[data-testid='role-{invitee}']");
        await Assertions.Expect(role).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await role.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = AppRoles.Operator }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Make {AppRoles.Operator}" }).ClickAsync();
        await Assertions.Expect(page.GetByText($"{invitee} is now {AppRoles.Operator}.")).ToBeVisibleAsync(new() { Timeout = 10_000 });

        await page.GotoAsync(new Uri(app.BaseAddress, "/api-keys").ToString());
        await WaitInteractiveAsync(page);
        await page.FillAsync("#key-name", "billing export");
        await page.ClickAsync("#key-create");
        await Assertions.Expect(page.Locator("[data-testid=new-key-token]")).ToBeVisibleAsync(new() { Timeout = 10_000 });

        await page.GotoAsync(app.BaseAddress.ToString());
        await WaitInteractiveAsync(page);
        await page.FillAsync("#compose-to", "+15005550006");
        await page.FillAsync("#compose-body", "Logged as activity");
        await page.ClickAsync("#compose-send");
        await Assertions.Expect(page.Locator("tr", new() { HasText = "Logged as activity" }).First).ToBeVisibleAsync(new() { Timeout = 10_000 });

        await page.ClickAsync("#nav-activity");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Activity", Level = 1 }).WaitForAsync();

        await Assertions.Expect(Row(page, ActivityKind.SignIn, admin)).ToHaveCountAsync(1, new() { Timeout = 10_000 });
        await Assertions.Expect(Row(page, ActivityKind.Invite, invitee)).ToHaveCountAsync(1);
        await Assertions.Expect(Row(page, ActivityKind.RoleChange, "Viewer → Operator")).ToHaveCountAsync(1);
        await Assertions.Expect(Row(page, ActivityKind.ApiKeyCreated, "billing export")).ToHaveCountAsync(1);
        await Assertions.Expect(Row(page, ActivityKind.Send, "+15005550006")).ToHaveCountAsync(1);
        foreach (var kind in new[] { ActivityKind.Invite, ActivityKind.RoleChange, ActivityKind.ApiKeyCreated, ActivityKind.Send })
        {
            await Assertions.Expect(Row(page, kind, "").Locator("td[data-label=Who]")).ToHaveTextAsync(admin);
        }

        await HeadlessChromium.ScreenshotAsync(page, "activity-log");
    }
}
