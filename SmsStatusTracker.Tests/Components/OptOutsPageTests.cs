using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.OptOuts;
using SmsStatusTracker.Web.Identity;
using OptOutsPage = SmsStatusTracker.Web.Components.Pages.Admin.OptOuts;
using SmsStatusTracker.Web.Endpoints.OptOuts;

namespace SmsStatusTracker.Tests.Components;

public sealed class OptOutsPageTests : MessagePagesContext
{
    private OptOutLedger Ledger => Services.GetRequiredService<OptOutLedger>();

    [Fact]
    public async Task AnAdminOptsANumberOutAndRemovesItWithAReasonAndSeesTheTrail()
    {
        await SignInAsync("admin@example.com", AppRoles.Admin);
        var page = RenderPage<OptOutsPage>();

        await page.Find("#change-number").InputAsync(new() { Value = "(415) 555-0123" });
        await page.Find("#change-reason").InputAsync(new() { Value = "Asked by email" });
        await page.Find("#add-opt-out").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("Opted out", page.Find("[data-testid=opt-outs-table]").TextContent, StringComparison.Ordinal));

        Clock.Advance(TimeSpan.FromMinutes(1));
        await page.Find("#change-reason").InputAsync(new() { Value = "Customer called to opt back in" });
        await page.Find("#remove-opt-out").ClickAsync(new());

        page.WaitForAssertion(() =>
        {
            var trail = page.Find("[data-testid=trail-table]").TextContent;
            Assert.Contains("Customer called to opt back in", trail, StringComparison.Ordinal);
            Assert.Contains("admin@example.com", trail, StringComparison.Ordinal);
        });
        Assert.False(await Ledger.IsOptedOutAsync("+14155550123", Ct));
        Assert.Equal([OptOutAction.OptedOut, OptOutAction.OptedIn], (await Ledger.TrailAsync("+14155550123", Ct)).Select(e => e.Action));
    }

    [Fact]
    public async Task RemovingWithoutAReasonIsRefusedWithAMessageAndChangesNothing()
    {
        await SignInAsync("admin@example.com", AppRoles.Admin);
        await Ledger.ChangeManuallyAsync("+14155550123", optOut: true, "setup", (await Authentication.GetAuthenticationStateAsync()).User.ToActor(), Ct);
        var page = RenderPage<OptOutsPage>();

        await page.Find("#change-number").InputAsync(new() { Value = "+14155550123" });
        await page.Find("#remove-opt-out").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("A reason is required.", page.Find("[data-testid=change-error]").TextContent, StringComparison.Ordinal));
        Assert.True(await Ledger.IsOptedOutAsync("+14155550123", Ct));
    }

    [Fact]
    public async Task APageOpenedByAnAdminDemotedSinceChangesNothing()
    {
        var userId = await SignInAsync("admin@example.com", AppRoles.Admin);
        await SignInAsync("keeper@example.com", AppRoles.Admin);
        Authentication.Set((await Accounts.CreatePrincipalAsync(userId, Ct))!);
        var page = RenderPage<OptOutsPage>();
        Assert.True((await Accounts.ChangeRoleAsync(userId, AppRoles.Viewer, Ct)).Succeeded);

        await page.Find("#change-number").InputAsync(new() { Value = "+14155550123" });
        await page.Find("#change-reason").InputAsync(new() { Value = "should not happen" });
        await page.Find("#add-opt-out").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("Nothing was changed", page.Find("[data-testid=change-error]").TextContent, StringComparison.Ordinal));
        Assert.Empty(await Ledger.TrailAsync("+14155550123", Ct));
    }

    [Fact]
    public async Task SearchFindsNumbersAndTheExportEscapesFormulaCells()
    {
        await SignInAsync("admin@example.com", AppRoles.Admin);
        var admin = (await Authentication.GetAuthenticationStateAsync()).User.ToActor();
        var imported = await Ledger.ImportAsync([("+14155550123", "=HYPERLINK(\"http://evil\")"), ("not a number", null), ("(415) 555-0199", null)], admin, Ct);
        Assert.Equal(2, imported.Imported);
        Assert.Single(imported.Refused);
        var page = RenderPage<OptOutsPage>();

        await page.Find("#search-number").InputAsync(new() { Value = "0199" });
        await page.Find("#search").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=opt-outs-table] tbody tr")));
        var csv = new StringWriter();
        await OptOutCsv.WriteAsync(csv, await Ledger.SearchAsync(null, false, 10, Ct), Ct);
        var lines = csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("number,opted_out,changed_at,source", lines[0]);
        Assert.All(lines.Skip(1), line => Assert.StartsWith("\"'+1", line, StringComparison.Ordinal));
        var (rows, error) = OptOutCsv.Read(new StringReader(csv.ToString()));
        Assert.Null(error);
        Assert.Equal(["+14155550123", "+14155550199"], rows.Select(r => r.Number));
        var trail = (await Ledger.TrailAsync("+14155550123", Ct))[0];
        Assert.Equal((OptOutSource.Import, "=HYPERLINK(\"http://evil\")"), (trail.Source, trail.Detail));
    }
}
