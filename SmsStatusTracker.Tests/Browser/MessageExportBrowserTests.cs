using Microsoft.Playwright;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Tests.Functional;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.Browser;

/// <summary>A Viewer filters the log, presses Export → CSV, sees the rows counted and gets the file of the filter.</summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class MessageExportBrowserTests(HeadlessChromium chromium) : IClassFixture<HeadlessChromium>, IDisposable
{
    private readonly TrackerApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task TheExportButtonDownloadsTheFilteredLogAndReportsTheRows()
    {
        var ct = TestContext.Current.CancellationToken;
        for (var n = 0; n < 30; n++)
        {
            await app.Store.AddAsync(TestMessages.Stored(n, n % 2 == 0 ? MessageStatus.Failed : MessageStatus.Delivered, sid: $"SMexport{n:D26}", from: "+15557771234", body: n % 5 == 0 ? "=1+1 line\nbreak" : $"order {n}", createdAt: DateTimeOffset.UtcNow.AddMinutes(-n)), ct);
        }

        var page = await chromium.OpenInteractiveAsync(new Uri(app.BaseAddress, "messages?status=failed"), await app.SignInAsync("export-viewer@example.com", AppRoles.Viewer));

        await page.Locator("#export-menu button, button#export-menu").First.ClickAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-export=csv]").ClickAsync(), new() { Timeout = 20_000 });

        await Assertions.Expect(page.Locator("[data-testid=export-outcome]")).ToHaveTextAsync("Exported 15 messages.", new() { Timeout = 10_000 });
        Assert.Matches(@"^messages-\d{8}T\d{6}Z\.csv$", download.SuggestedFilename);
        var path = await download.PathAsync();
        var text = await File.ReadAllTextAsync(path!, ct);
        Assert.StartsWith("id,sid,created_at", text.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains("\"'=1+1 line\nbreak\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(",delivered,", text, StringComparison.Ordinal);
        Assert.Equal(15, text.Split(",failed,").Length - 1);
    }
}
