using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Insights;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Tests.Insights;
using SmsStatusTracker.Web.Components.Insights;
using InsightsPage = SmsStatusTracker.Web.Components.Pages.Insights;
using SmsStatusTracker.Web.LiveFeed;

namespace SmsStatusTracker.Tests.Components;

/// <summary>
/// The insights page over rollups recounted from the test's messages (the stores' rollups are held to the same recount
/// by <see cref="InsightRollupsContract"/>): numbers, their links into the log, and live updates.
/// </summary>
public sealed class InsightsPageTests : MessagePagesContext
{
    private readonly List<Message> messages = [];

    public InsightsPageTests() =>
        Services.AddSingleton<IInsightsReader>(new InsightsReader(new LiveRecount(messages, () => Now), Clock));

    [Fact]
    public async Task AViewerSeesTotalsByFinalStatusEachLinkingToTheLogWithTheWindowAndFilter()
    {
        await SignInAsync("viewer@example.com", AppRoles.Viewer);
        messages.AddRange([StoredMessage(1), StoredMessage(2), StoredMessage(3, MessageStatus.Failed, errorCode: 30003), StoredMessage(4, MessageStatus.Sent)]);
        Navigation.NavigateTo("insights?window=24h&by=sender&value=%2B15005550006");

        var page = RenderPage<InsightsPage>();

        page.WaitForAssertion(() => Assert.Equal("4", page.Find("[data-testid=insights-total]").TextContent.Trim()));
        Assert.Equal("2", page.Find("[data-testid=insights-final-delivered]").TextContent.Trim());
        Assert.Equal("66.7 %", page.Find("[data-testid=insights-rate]").TextContent.Trim());
        var failed = page.Find("[data-testid=insights-final-failed]");
        Assert.Equal("1", failed.TextContent.Trim());
        Assert.Equal("messages?status=failed&from=%2B15005550006&since=2025-03-13T12:00:00Z&until=2025-03-14T12:00:00Z", failed.GetAttribute("href"));
        Assert.Equal("messages?from=%2B15005550006&error=30003&since=2025-03-13T12:00:00Z&until=2025-03-14T12:00:00Z",
            page.Find("[data-testid=insights-error-30003]").GetAttribute("href"));
        Assert.Contains(TwilioErrorCatalog.Explain(30003).Title, page.Find("[data-testid=insights-errors]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANewMessageReachesTheTotalsLiveWithoutAQueryPerChange()
    {
        await SignInAsync("viewer@example.com", AppRoles.Viewer);
        messages.Add(StoredMessage(1));
        var page = RenderPage<InsightsPage>();
        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=insights-total]").TextContent.Trim()));

        var added = StoredMessage(2, MessageStatus.Queued);
        messages.Add(added);
        await Notifications.PublishLocallyAsync(new MessageChange(added, MessageChangeKind.Created));
        page.WaitForAssertion(() => Assert.Equal("2", page.Find("[data-testid=insights-total]").TextContent.Trim()));

        // A second change right after the first waits for the throttle's interval.
        var third = StoredMessage(3, MessageStatus.Queued);
        messages.Add(third);
        await Notifications.PublishLocallyAsync(new MessageChange(third, MessageChangeKind.Created));
        await Task.Delay(200, Ct);
        Assert.Equal("2", page.Find("[data-testid=insights-total]").TextContent.Trim());
        Clock.Advance(RefreshThrottle.Interval);
        page.WaitForAssertion(() => Assert.Equal("3", page.Find("[data-testid=insights-total]").TextContent.Trim()));
    }

    [Fact]
    public async Task AnOperatorFilterSaysTheLogCannotFilterByIt()
    {
        await SignInAsync("viewer@example.com", AppRoles.Viewer);
        messages.Add(StoredMessage(1));
        Navigation.NavigateTo("insights?window=7d&by=operator&value=tests%40example.com");

        var page = RenderPage<InsightsPage>();

        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=insights-total]").TextContent.Trim()));
        Assert.Contains("no operator", page.Find("[data-testid=insights-link-note]").TextContent, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("window=custom&first=2025-03-10", "?window=24h")]
    [InlineData("window=forever&by=error&value=abc", "?window=24h")]
    [InlineData("window=custom&first=2025-03-01&last=2025-03-07&by=country&value=GB", "?window=custom&first=2025-03-01&last=2025-03-07&by=country&value=GB")]
    public void AnUnreadableQueryStringFallsBackToTheDefaultView(string query, string canonical) =>
        Assert.Equal(canonical, InsightsView.Parse("?" + query).Format());

    /// <summary>The recount over the test's list as it is when the page asks.</summary>
    private sealed class LiveRecount(List<Message> messages, Func<DateTimeOffset> now) : IInsightRollupRows
    {
        public Task<IReadOnlyList<InsightRollupRow>> ReadAsync(InsightRowRange range, InsightFilter filter, CancellationToken cancellationToken) =>
            new RecountedRollupRows([.. messages], now()).ReadAsync(range, filter, cancellationToken);
    }
}
