using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Sending;
using SmsStatusTracker.Tests.Functional;

namespace SmsStatusTracker.Tests.Browser;

/// <summary>
/// Regenerates the README's screenshots (docs/*.png) from the running app with a few messages in different statuses.
/// Skipped unless asked for: <c>SST_SCREENSHOTS=1 dotnet test SmsStatusTracker.Tests --filter ReadmeScreenshots</c>.
/// </summary>
[Collection(SmsStatusTracker.Tests.Infrastructure.HeavyTestsCollection.Name)]
public sealed class ReadmeScreenshots(HeadlessChromium chromium) : IClassFixture<HeadlessChromium>, IDisposable
{
    // Started only when asked for: a skipped run costs nothing.
    private TrackerApp? started;

    private TrackerApp App => started ??= new TrackerApp();

    public void Dispose() => started?.Dispose();

    [Fact]
    public async Task DesktopAndPhoneScreenshotsOfTheDashboardAndTheLog()
    {
        Assert.SkipUnless(Environment.GetEnvironmentVariable("SST_SCREENSHOTS") == "1", "Set SST_SCREENSHOTS=1 to regenerate docs/*.png.");
        var docs = Path.Combine(RepositoryRoot(), "docs");
        App.Simulator.StepDelay = TimeSpan.FromMilliseconds(300);
        foreach (var (to, body) in new[]
        {
            ("+15005550006", "Your table for 4 is booked for 19:30 tonight. Reply C to cancel."),
            ("+15005553003", "Reminder: your parcel arrives tomorrow between 9 and 11."),
            ("+15005550001", "Verification code 482913"),
            ("+15005553008", "Your appointment is confirmed for Monday 10:00."),
            ("+15005550006", "Thanks for your order! Tracking: https://example.com/t/93AF2"),
        })
        {
            var sent = await SendAsync(to, body);
            if (sent is not null)
            {
                await App.WaitForFinalAsync(sent.Value);
            }
        }

        App.Simulator.StepDelay = TimeSpan.FromMinutes(10); // the newest stays in flight
        await SendAsync("+15005550006", "Good morning! Today's special: two coffees for the price of one.");

        var signedIn = await App.SignInAsync("admin@localhost", AppRoles.Admin);
        var desktop = await OpenAsync(signedIn, 1400, 860);
        await desktop.Locator("tr", new() { HasText = "Verification code" }).First.ClickAsync();
        await desktop.WaitForSelectorAsync(".message-timeline");
        await SaveAsync(desktop, Path.Combine(docs, "dashboard.png"));

        await desktop.GotoAsync(new Uri(App.BaseAddress, "messages").ToString());
        await desktop.WaitForSelectorAsync(".message-log");
        await Assertions.Expect(desktop.Locator(".message-log .zone-label")).ToHaveTextAsync("America/New_York", new() { Timeout = 10_000 });
        await SaveAsync(desktop, Path.Combine(docs, "message-log.png"));

        await desktop.GotoAsync(new Uri(App.BaseAddress, "insights?window=24h").ToString());
        await desktop.WaitForSelectorAsync("[data-testid=insights-audit]");
        await SaveAsync(desktop, Path.Combine(docs, "insights.png"));

        await App.Services.GetRequiredService<Web.Simulator.SimulatedReplies>()
            .SendAsync("+15005550006", "Thanks! Can we make it 20:00 instead?", await App.ActorAsync("admin@localhost", AppRoles.Admin), TestContext.Current.CancellationToken);
        await desktop.GotoAsync(new Uri(App.BaseAddress, "conversations/%2B15005550006").ToString());
        await Assertions.Expect(desktop.GetByText("Can we make it 20:00 instead?")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await SaveAsync(desktop, Path.Combine(docs, "conversation.png"));

        var phone = await OpenAsync(signedIn, 390, 844);
        await SaveAsync(phone, Path.Combine(docs, "dashboard-phone.png"));
    }

    [Fact]
    public async Task ScreenshotOfABulkJobInProgress()
    {
        Assert.SkipUnless(Environment.GetEnvironmentVariable("SST_SCREENSHOTS") == "1", "Set SST_SCREENSHOTS=1 to regenerate docs/*.png.");
        var docs = Path.Combine(RepositoryRoot(), "docs");
        var jobs = App.Services.GetRequiredService<Core.Bulk.BulkJobService>();
        var admin = await App.ActorAsync("admin@localhost", AppRoles.Admin);
        var rows = Enumerable.Range(1, 40).Select(n => new Core.Bulk.BulkCandidate(n, $"+1415555{n + 100:D4}", $"Your appointment #{n} is tomorrow at 10:00. Reply C to cancel.")).ToList();
        rows.Add(new Core.Bulk.BulkCandidate(41, "not a number", "x"));
        var (job, _) = await jobs.CreateAsync(rows, "appointments.csv", admin, TestContext.Current.CancellationToken);
        await jobs.StartAsync(job.Id, admin, TestContext.Current.CancellationToken);

        var signedIn = await App.SignInAsync("admin@localhost", AppRoles.Admin);
        var desktop = await OpenAsync(signedIn, 1400, 860);
        await desktop.GotoAsync(new Uri(App.BaseAddress, Web.Components.Bulk.BulkRoute.For(job.Id).TrimStart('/')).ToString());
        await desktop.WaitForSelectorAsync("[data-testid=bulk-progress]");
        await desktop.WaitForTimeoutAsync(4000); // the default pace (1/s): a few rows sent, most remaining
        await SaveAsync(desktop, Path.Combine(docs, "bulk-job.png"));
        await jobs.CancelAsync(job.Id, admin, TestContext.Current.CancellationToken);
    }

    private async Task<Guid?> SendAsync(string to, string body)
    {
        using var scope = App.Services.CreateScope();
        try
        {
            var sent = await scope.ServiceProvider.GetRequiredService<SmsSender>()
                .SendAsync(new SendSmsRequest(to, body), await App.ActorAsync("admin@localhost", AppRoles.Admin), TestContext.Current.CancellationToken);
            return sent.Id;
        }
        catch (Exception refused) when (refused is not OperationCanceledException)
        {
            return null; // refused at send (21211): stored as failed all the same
        }
    }

    private async Task<IPage> OpenAsync(System.Net.CookieContainer signedIn, int width, int height)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            TimezoneId = "America/New_York",
            ViewportSize = new ViewportSize { Width = width, Height = height },
            IsMobile = width < 600,
            DeviceScaleFactor = 1,
        });
        await context.AddCookiesAsync(signedIn.GetAllCookies().Select(c => new Cookie { Name = c.Name, Value = c.Value, Url = App.BaseAddress.GetLeftPart(UriPartial.Authority) }));
        var page = await context.NewPageAsync();
        await page.GotoAsync(App.BaseAddress.ToString());
        await page.WaitForSelectorAsync("[data-interactive='true']", new PageWaitForSelectorOptions { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("[data-testid=time-zone-name]").First).ToHaveTextAsync("America/New_York", new() { Timeout = 10_000 });
        return page;
    }

    private static async Task SaveAsync(IPage page, string path)
    {
        await page.WaitForTimeoutAsync(500); // let ripples and transitions settle
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = false });
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SmsStatusTracker.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("SmsStatusTracker.sln not found above the test binaries");
    }
}
