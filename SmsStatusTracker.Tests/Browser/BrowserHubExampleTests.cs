using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Tests.Functional;
using SmsStatusTracker.Tests.Deployment;
using SmsStatusTracker.Tests.Infrastructure;
using SmsStatusTracker.Tests.LiveFeed;

namespace SmsStatusTracker.Tests.Browser;

/// <summary>
/// docs/api.md's browser example, run as written on the app's own origin for a signed-in user: its script tag's CDN
/// address is served from tools/node_modules (no internet here), its inline script is added to a page, and what it
/// logs is what the hub sent.
/// </summary>
[Collection(HeavyTestsCollection.Name)]
public sealed partial class BrowserHubExampleTests(HeadlessChromium chromium) : IClassFixture<HeadlessChromium>, IDisposable
{
    private readonly TrackerApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task TheBrowserExampleLogsEachChangeOfAMessageSentAfterItConnected()
    {
        NodeTools.RequireNode();
        var bundle = Path.Combine(NodeTools.Directory, "node_modules", "@microsoft", "signalr", "dist", "browser", "signalr.min.js");
        var example = BrowserExample().Match(File.ReadAllText(Path.Combine(ContainerFilesTests.RepositoryRoot, "docs", "api.md")));
        Assert.True(example.Success, "docs/api.md has no browser example with a script src and an inline script.");
        var signedIn = await app.SignInAsync("watcher@example.com", AppRoles.Viewer);
        // The example would be a bookmarklet or userscript: neither is bound by the page's Content-Security-Policy.
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BypassCSP = true });
        await context.AddCookiesAsync(signedIn.GetAllCookies().Select(c => new Cookie { Name = c.Name, Value = c.Value, Url = app.BaseAddress.GetLeftPart(UriPartial.Authority) }));
        await context.RouteAsync(example.Groups["src"].Value, route => route.FulfillAsync(new RouteFulfillOptions { Path = bundle, ContentType = "text/javascript" }));
        var page = await context.NewPageAsync();
        var logged = new ConcurrentQueue<string>();
        page.Console += (_, message) => logged.Enqueue(message.Text);
        await page.GotoAsync(new Uri(app.BaseAddress, "messages").ToString());

        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Url = example.Groups["src"].Value });
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = example.Groups["code"].Value });
        await page.WaitForFunctionAsync("() => typeof signalR !== 'undefined'");
        await LiveFeedTestsWait(() => app.Services.GetService(typeof(Web.LiveFeed.FeedConnections)) is Web.LiveFeed.FeedConnections { Any: true });
        var sent = await app.SendAsync("+15005550006", "Hello, browser");
        await app.WaitForFinalAsync(sent.Id);

        await LiveFeedTestsWait(() => logged.Contains($"statusChanged: {sent.Id} is delivered"));
        Assert.Contains($"created: {sent.Id} is created", logged);
    }

    private static Task LiveFeedTestsWait(Func<bool> condition) => LiveFeedTests.WaitUntilAsync(condition, seconds: 20);

    [GeneratedRegex("""<!-- example: browser -->\s*```html\s*<script src="(?<src>[^"]+)"></script>\s*<script>\n(?<code>.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex BrowserExample();
}
