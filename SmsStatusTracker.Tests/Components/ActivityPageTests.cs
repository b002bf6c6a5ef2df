using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.ActivityLog;
using SmsStatusTracker.Core.Storage.Sqlite;
using SmsStatusTracker.Tests.Functional;
using SmsStatusTracker.Web.Identity;
using ActivityPage = SmsStatusTracker.Web.Components.Pages.Admin.Activity;

namespace SmsStatusTracker.Tests.Components;

/// <summary>
/// The activity page over the app's real authorization (a running TrackerApp) and a fresh SQLite activity log of
/// its own per test, with the page's clock fixed: filters, paging, the empty states, and a session that is no
/// longer an admin's.
/// </summary>
public sealed class ActivityPageTests : BunitContext, IClassFixture<ApiKeysPageTests.App>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private readonly TrackerApp tracker;
    private readonly string path = Path.Combine(Path.GetTempPath(), $"smsstatus-activity-page-{Guid.NewGuid():N}.db");
    private readonly SqliteActivityLog log;

    public ActivityPageTests(ApiKeysPageTests.App app)
    {
        tracker = app.Tracker;
        log = new SqliteActivityLog(new SqliteStoreOptions($"Data Source={path}"));
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton(new ActivityLogReader(log, tracker.Services.GetRequiredService<ActorAuthorizer>()));
        Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
    }

    protected override ValueTask DisposeAsyncCore()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        return base.DisposeAsyncCore();
    }

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private async Task SignInAsync(string role, string claimedRole)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com";
        var invited = await tracker.Accounts.InviteAsync(email, role, Ct);
        Assert.True(invited.Succeeded, invited.Error);
        var auth = AddAuthorization();
        auth.SetAuthorized(email);
        auth.SetRoles(claimedRole);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, invited.UserId!), new Claim(ClaimTypes.Email, email));
    }

    private Task SignInAsAdminAsync() => SignInAsync(AppRoles.Admin, AppRoles.Admin);

    private async Task<ActivityEntry> SeedAsync(TimeSpan ago, string actor = "ada@example.com", ActivityKind kind = ActivityKind.Send, string target = "t")
    {
        var at = Now - ago;
        var entry = new ActivityEntry(Guid.CreateVersion7(at), at, actor, kind, target, null);
        await log.RecordAsync(entry, Ct);
        return entry;
    }

    private IRenderedComponent<ActivityPage> RenderPage()
    {
        var host = Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<ActivityPage>(1);
            builder.CloseComponent();
        });
        return host.FindComponent<ActivityPage>();
    }

    private static IReadOnlyList<string> Targets(IRenderedComponent<ActivityPage> page) =>
        page.FindAll("[data-testid=activity-table] tbody tr td[data-label=On]").Select(td => td.TextContent.Trim()).ToList();

    private static Task ChooseAsync(IRenderedComponent<ActivityPage> page, string testId, string value)
    {
        var select = page.FindComponents<MudSelect<string>>().Single(s => s.Instance.UserAttributes.TryGetValue("data-testid", out var id) && (string?)id == testId);
        return select.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(value));
    }

    [Fact]
    public async Task EntriesAreListedNewestFirstWithWhoWhatAndHowLongAgo()
    {
        await SignInAsAdminAsync();
        await SeedAsync(TimeSpan.FromMinutes(5), "ada@example.com", ActivityKind.Invite, "bob@example.com");
        await SeedAsync(TimeSpan.FromMinutes(1), "bob@example.com", ActivityKind.SignIn, "bob@example.com");

        var page = RenderPage();

        page.WaitForAssertion(() => Assert.Equal(2, Targets(page).Count));
        var rows = page.FindAll("[data-testid=activity-table] tbody tr");
        Assert.Contains("Signed in", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("1 min ago", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Invited", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("ada@example.com", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("5 min ago", rows[1].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChoosingAKindShowsOnlyThatKind()
    {
        await SignInAsAdminAsync();
        await SeedAsync(TimeSpan.FromMinutes(3), kind: ActivityKind.Invite, target: "invited");
        await SeedAsync(TimeSpan.FromMinutes(2), kind: ActivityKind.ApiKeyCreated, target: "a key");
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(2, Targets(page).Count));

        await ChooseAsync(page, "activity-kind", ActivityKind.Invite.ToWireName());

        page.WaitForAssertion(() => Assert.Equal(["invited"], Targets(page)));
    }

    [Fact]
    public async Task TypingPartOfAnActorShowsOnlyTheirEntries()
    {
        await SignInAsAdminAsync();
        await SeedAsync(TimeSpan.FromMinutes(3), actor: "ada@example.com", target: "by ada");
        await SeedAsync(TimeSpan.FromMinutes(2), actor: "bob@example.com (API key \"ci\")", target: "by bob's key");
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(2, Targets(page).Count));

        page.Find("#activity-actor").Change("BOB");

        page.WaitForAssertion(() => Assert.Equal(["by bob's key"], Targets(page)));
    }

    [Fact]
    public async Task TheTimeWindowStartsAtAWeekAndWidensToAllTime()
    {
        await SignInAsAdminAsync();
        await SeedAsync(TimeSpan.FromDays(40), target: "long ago");
        await SeedAsync(TimeSpan.FromHours(2), target: "this morning");
        await SeedAsync(TimeSpan.FromMinutes(10), target: "just now");
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(["just now", "this morning"], Targets(page)));

        await ChooseAsync(page, "activity-window", "1h");
        page.WaitForAssertion(() => Assert.Equal(["just now"], Targets(page)));

        await ChooseAsync(page, "activity-window", "all");
        page.WaitForAssertion(() => Assert.Equal(["just now", "this morning", "long ago"], Targets(page)));
    }

    [Fact]
    public async Task OlderAndNewerPageThroughTheLogWithoutGapOrRepeat()
    {
        await SignInAsAdminAsync();
        var total = ActivityPage.PageSize + 5;
        for (var i = 0; i < total; i++)
        {
            await SeedAsync(TimeSpan.FromMinutes(i + 1), target: $"entry {i}");
        }

        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Equal(ActivityPage.PageSize, Targets(page).Count));
        var first = Targets(page);
        Assert.True(page.Find("#activity-newer").HasAttribute("disabled"));

        await page.Find("#activity-older").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal(5, Targets(page).Count));
        Assert.Equal(Enumerable.Range(0, total).Select(i => $"entry {i}"), first.Concat(Targets(page)));
        Assert.True(page.Find("#activity-older").HasAttribute("disabled"));
        Assert.Equal("Page 2", page.Find("[data-testid=activity-page]").TextContent.Trim());

        await page.Find("#activity-newer").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal(first, Targets(page)));
        Assert.Equal("Page 1", page.Find("[data-testid=activity-page]").TextContent.Trim());
    }

    [Fact]
    public async Task AnEmptyLogSaysWhatWillAppearAndAnEmptyFilterSaysHowToWidenIt()
    {
        await SignInAsAdminAsync();
        var page = RenderPage();
        page.WaitForAssertion(() => Assert.Contains("Choose All time", page.Find("[data-testid=empty-state]").TextContent, StringComparison.Ordinal));

        await ChooseAsync(page, "activity-window", "all");
        Assert.Contains("No activity yet", page.Find("[data-testid=empty-state]").TextContent, StringComparison.Ordinal);
        await SeedAsync(TimeSpan.FromMinutes(1), kind: ActivityKind.SignIn);
        await ChooseAsync(page, "activity-kind", ActivityKind.Invite.ToWireName());

        page.WaitForAssertion(() => Assert.Contains("Nothing matches these filters", page.Find("[data-testid=empty-state]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnOperatorWhoseSessionStillClaimsAdminIsSentToSignInAndSeesNoEntries()
    {
        await SignInAsync(AppRoles.Operator, claimedRole: AppRoles.Admin);
        await SeedAsync(TimeSpan.FromMinutes(1), target: "secret");

        var page = RenderPage();

        var navigation = Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => Assert.Contains(IdentityRegistration.SignInPath, navigation.Uri, StringComparison.Ordinal));
        Assert.Empty(Targets(page));
    }

    [Fact]
    public void ThePageIsForAdminsOnly()
    {
        var policy = Assert.Single(typeof(ActivityPage).GetCustomAttributes(typeof(AuthorizeAttribute), inherit: true).Cast<AuthorizeAttribute>()).Policy;

        Assert.Equal(Policies.Admin, policy);
    }
}
