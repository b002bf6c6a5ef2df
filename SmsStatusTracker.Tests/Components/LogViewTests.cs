using Bunit;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Web.Components.Messages;
using SmsStatusTracker.Web.Components.Pages;
using MessageLogPage = SmsStatusTracker.Web.Components.Pages.Messages;

namespace SmsStatusTracker.Tests.Components;

/// <summary>The log's column chooser, compact rows, carrier report column, sort, and the dashboard on a phone.</summary>
public sealed class LogViewTests : MessagePagesContext
{
    private BunitJSModuleInterop Browser(string? saved = null)
    {
        var module = JSInterop.SetupModule(ReaderSettings.ModulePath);
        module.Setup<ReaderSettings.BrowserAnswer>("read", _ => true).SetResult(new ReaderSettings.BrowserAnswer("UTC", saved));
        module.SetupVoid("save", _ => true).SetVoidResult();
        return module;
    }

    private static string[] Columns(IRenderedComponent<MessageLogPage> page) =>
        page.FindAll(".message-log tbody tr:first-child td[data-column]").Select(td => td.GetAttribute("data-column")!).ToArray();

    [Fact]
    public async Task ChoosingAColumnShowsItAndSavesTheChoiceForThisUser()
    {
        var userId = await SignInAsync("operator@example.com", AppRoles.Operator);
        var module = Browser();
        await AddAsync(StoredMessage(1));
        var page = RenderPage<MessageLogPage>();
        page.WaitForAssertion(() => Assert.Equal(["From", "Created", "LastChange", "TimeToFinal", "SentBy", "Error"], Columns(page)));

        page.Find("#view-options").Click();
        page.FindAll("[data-testid=log-view-options] .mud-chip").Single(chip => chip.TextContent.Contains("Carrier report", StringComparison.Ordinal)).Click();
        page.FindAll("[data-testid=log-view-options] .mud-chip").Single(chip => chip.TextContent.Contains("Sent by", StringComparison.Ordinal)).Click();

        page.WaitForAssertion(() => Assert.Equal(["From", "Created", "LastChange", "TimeToFinal", "CarrierReport", "Error"], Columns(page)));
        var saved = module.Invocations["save"].Last();
        Assert.Equal($"sst.reader.{userId}", saved.Arguments[0]);
        Assert.Contains("CarrierReport", (string)saved.Arguments[1]!);
        Assert.DoesNotContain("SentBy", (string)saved.Arguments[1]!);
    }

    [Fact]
    public async Task ASavedViewChoosesTheColumnsAndCompactRows()
    {
        await SignInAsync("operator@example.com", AppRoles.Operator);
        Browser("""{"utc":false,"columns":["Segments","CarrierReport"],"dense":true}""");
        await AddAsync(StoredMessage(1));

        var page = RenderPage<MessageLogPage>();

        page.WaitForAssertion(() => Assert.Equal(["Created", "CarrierReport", "Segments"], Columns(page)));
        Assert.Contains("mud-table-dense", page.Find(".message-log").ClassList);
    }

    [Fact]
    public async Task CompactRowsAreSavedToo()
    {
        await SignInAsync("operator@example.com", AppRoles.Operator);
        var module = Browser();
        await AddAsync(StoredMessage(1));
        var page = RenderPage<MessageLogPage>();
        page.WaitForElement(".message-log");
        Assert.DoesNotContain("mud-table-dense", page.Find(".message-log").ClassList);

        page.Find("#view-options").Click();
        await page.InvokeAsync(() => page.Find("[data-testid=dense-toggle] input").Change(true));

        page.WaitForAssertion(() => Assert.Contains("mud-table-dense", page.Find(".message-log").ClassList));
        Assert.Contains("\"dense\":true", (string)module.Invocations["save"].Last().Arguments[1]!);
    }

    [Fact]
    public async Task TheCarrierReportShowsItsTimeAndHowLongAfterTheSendItCame()
    {
        await SignInAsync("operator@example.com", AppRoles.Operator);
        Browser("""{"columns":["CarrierReport"]}""");
        var sent = new DateTimeOffset(2025, 3, 14, 11, 25, 30, TimeSpan.Zero);
        await AddAsync(StoredMessage(1) with { SentAt = sent, RawDlrDoneDate = "2503141128" });
        await AddAsync(StoredMessage(2) with { SentAt = sent, RawDlrDoneDate = "garbage" });

        var page = RenderPage<MessageLogPage>();

        var cells = page.WaitForElements(".message-log td[data-column=CarrierReport]");
        Assert.Equal("garbage", cells[0].TextContent.Trim());
        Assert.Equal("11:28:00", cells[1].QuerySelector(".reader-time-clock")!.TextContent);
        Assert.Equal("2 min 30 s after the send", cells[1].QuerySelector(".carrier-latency")!.TextContent);
    }

    [Fact]
    public async Task TheCreatedHeaderSwitchesToOldestFirstThroughTheUrl()
    {
        await SignInAsync("operator@example.com", AppRoles.Operator);
        Browser();
        var oldest = await AddAsync(StoredMessage(1));
        var newest = await AddAsync(StoredMessage(2));
        var page = RenderPage<MessageLogPage>();
        page.WaitForAssertion(() => Assert.Equal([newest.Id.ToString(), oldest.Id.ToString()], RowIds(page, ".message-log-row")));

        page.Find("#sort-created").Click();

        page.WaitForAssertion(() => Assert.Equal([oldest.Id.ToString(), newest.Id.ToString()], RowIds(page, ".message-log-row")));
        Assert.EndsWith("messages?sort=oldest", Navigation.Uri, StringComparison.Ordinal);
        Assert.Contains("oldest first", page.Find("[data-testid=message-total]").TextContent);
    }

    [Fact]
    public async Task OnAPhoneTheListComesFirstAndComposeFoldsAwayBehindOneButton()
    {
        await SignInAsync("operator@example.com", AppRoles.Operator);
        Browser();
        var page = RenderPage<Dashboard>();
        var panel = page.Find("#compose-panel");
        Assert.Contains("d-none", panel.ClassList);      // folded below md…
        Assert.Contains("d-md-block", panel.ClassList);  // …always open from md up
        Assert.Contains("order-2", ItemOf(page, "[aria-label=Messages], [data-testid=empty-state]").ClassList);
        Assert.Contains("order-3", ItemOf(page, "#compose-panel").ClassList);
        page.Find("textarea").Input("typed before folding");

        page.Find("#compose-toggle").Click();

        Assert.DoesNotContain("d-none", page.Find("#compose-panel").ClassList);
        Assert.Contains("order-1", ItemOf(page, "#compose-panel").ClassList);
        Assert.Equal("true", page.Find("#compose-toggle").GetAttribute("aria-expanded"));
        Assert.Equal("typed before folding", page.Find("textarea").GetAttribute("value") ?? page.Find("textarea").TextContent);
    }

    private static AngleSharp.Dom.IElement ItemOf(IRenderedComponent<Dashboard> page, string selector) =>
        page.Find(selector).Closest(".mud-grid-item")!;
}
