using System.Net;
using SmsStatusTracker.Tests.Functional;

namespace SmsStatusTracker.Tests.Components;

/// <summary>What every page carries (an icon) and what the sign-in page tells a newcomer in Development, over HTTP.</summary>
public sealed class PageChromeTests
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryPageLinksAFaviconThatIsServed()
    {
        using var app = new TrackerApp();
        using var http = app.CreateHttpClient();

        var html = await http.GetStringAsync("/account/sign-in", Ct);

        var link = System.Text.RegularExpressions.Regex.Match(html, "<link[^>]*rel=\"icon\"[^>]*href=\"([^\"]+)\"");
        Assert.True(link.Success, "no icon link");
        using var icon = await http.GetAsync(link.Groups[1].Value, Ct);
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task InDevelopmentTheSignInPageSaysWhoToSignInAsAndWhereTheLinkGoes()
    {
        using var app = new TrackerApp();
        using var http = app.CreateHttpClient();

        var html = await http.GetStringAsync("/account/sign-in", Ct);

        Assert.Contains("sign in as <code>admin@localhost</code>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/dev/mailbox\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutsideDevelopmentTheSignInPageGivesNoSuchHint()
    {
        using var app = new TrackerApp(ProductionApp.Settings());
        using var http = app.CreateBrowserClient();
        // Production pages need HTTPS; a trusted TLS proxy says it was.
        http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        var html = await http.GetStringAsync("/account/sign-in", Ct);

        Assert.DoesNotContain("dev-sign-in-hint", html, StringComparison.Ordinal);
        Assert.DoesNotContain("admin@localhost", html, StringComparison.Ordinal);
    }
}
