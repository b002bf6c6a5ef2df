using Bunit;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Web.Components.Messages;
using MessageLogPage = SmsStatusTracker.Web.Components.Pages.Messages;

namespace SmsStatusTracker.Tests.Components;

/// <summary>Times in the browser's zone (named on the page), the switch to UTC, and that both are remembered per user.</summary>
public sealed class ReaderTimeZoneTests : MessagePagesContext
{
    private BunitJSModuleInterop Browser(string? zone, string? saved = null)
    {
        var module = JSInterop.SetupModule(ReaderSettings.ModulePath);
        module.Setup<ReaderSettings.BrowserAnswer>("read", _ => true).SetResult(new ReaderSettings.BrowserAnswer(zone, saved));
        module.SetupVoid("save", _ => true).SetVoidResult();
        return module;
    }

    private static string ClockText(IRenderedComponent<MessageLogPage> page) =>
        page.Find(".message-log [data-column=Created] .reader-time-clock").TextContent;

    [Fact]
    public async Task TimesShowInTheBrowsersZoneWhichTheLogNamesAndTheSwitchShowsUtc()
    {
        var userId = await SignInAsync("operator@example.com", AppRoles.Operator);
        var module = Browser("America/New_York");
        await AddAsync(StoredMessage(1, createdAt: Now.AddMinutes(-2)));

        var page = RenderPage<MessageLogPage>();

        page.WaitForAssertion(() => Assert.Equal("07:58:00", ClockText(page)));
        Assert.Equal("America/New_York", page.Find("[data-testid=time-zone-name]").TextContent);
        Assert.Contains("America/New_York", page.Find(".message-log .zone-label").TextContent);
        Assert.Equal("2025-03-14 07:58:00 America/New_York (UTC-04:00)", page.Find(".message-log [data-column=Created] time").GetAttribute("title"));
        Assert.Contains(" · 2 min ago", page.Find(".message-log [data-column=Created] time").TextContent);
        Assert.Equal($"sst.reader.{userId}", module.Invocations["read"].Single().Arguments[0]);

        await page.InvokeAsync(() => page.Find("[data-testid=utc-toggle] input").Change(true));

        page.WaitForAssertion(() => Assert.Equal("11:58:00", ClockText(page)));
        Assert.Equal("UTC", page.Find("[data-testid=time-zone-name]").TextContent);
        var saved = module.Invocations["save"].Last();
        Assert.Equal($"sst.reader.{userId}", saved.Arguments[0]);
        Assert.Contains("\"utc\":true", (string)saved.Arguments[1]!);
    }

    [Theory]
    [InlineData("America/New_York", "Mar 13, 16:00")] // the evening before, there
    [InlineData("Asia/Kolkata", "01:30:00")]          // already today, there
    [InlineData(null, "Mar 13, 20:00")]                // the browser did not say: UTC
    public async Task TheDateShowsWhenItIsNotTodayInTheReadersZone(string? zone, string expected)
    {
        await SignInAsync("operator@example.com", AppRoles.Operator);
        Browser(zone);
        await AddAsync(StoredMessage(1, createdAt: new DateTimeOffset(2025, 3, 13, 20, 0, 0, TimeSpan.Zero)));

        var page = RenderPage<MessageLogPage>();

        page.WaitForAssertion(() => Assert.Equal(expected, ClockText(page)));
    }

    [Fact]
    public async Task ASavedChoiceOfUtcIsAppliedOnTheNextVisit()
    {
        await SignInAsync("operator@example.com", AppRoles.Operator);
        Browser("Asia/Kolkata", """{"utc":true,"columns":["From"],"dense":false}""");
        await AddAsync(StoredMessage(1, createdAt: Now.AddMinutes(-2)));

        var page = RenderPage<MessageLogPage>();

        page.WaitForAssertion(() => Assert.Equal("UTC", page.Find("[data-testid=time-zone-name]").TextContent));
        Assert.Equal("11:58:00", ClockText(page));
    }

    [Fact]
    public async Task AnUnreadableSavedViewMeansTheDefaults()
    {
        await SignInAsync("operator@example.com", AppRoles.Operator);
        Browser("Asia/Kolkata", "{not json");
        await AddAsync(StoredMessage(1, createdAt: Now.AddMinutes(-2)));

        var page = RenderPage<MessageLogPage>();

        page.WaitForAssertion(() => Assert.Equal("17:28:00", ClockText(page)));
        Assert.NotEmpty(page.FindAll(".message-log td[data-column=From]"));
    }
}
