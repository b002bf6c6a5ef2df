using System.Net;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Web.Identity;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>Passwordless sign-in end to end: the form, MailKit to a real SMTP server, the emailed link over HTTP.</summary>
public sealed class SignInFlowTests : IDisposable
{
    private const string Known = "operator@example.com";
    private readonly SmtpTestServer smtp = new();
    private readonly List<TrackerApp> apps = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EmailedLinkSignsTheUserInAndTheCookieThenOpensTheDashboard()
    {
        var app = await StartAsync();
        using var client = app.CreateBrowserClient();

        var requested = await AccountPages.RequestLinkAsync(client, Known);
        Assert.Equal(HttpStatusCode.OK, requested.StatusCode);
        var link = await smtp.WaitForLinkAsync(Known);
        var mail = Assert.Single(smtp.MailTo(Known));
        Assert.Equal("tracker@example.com", mail.From.Mailboxes.Single().Address);
        Assert.Contains(link.ToString(), mail.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(app.BaseAddress.Authority, link.Authority);

        var signedIn = await AccountPages.FollowSignInLinkAsync(client, link);

        Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, $"{signedIn.StatusCode}: {await signedIn.Content.ReadAsStringAsync(Ct)}");
        Assert.Equal(new Uri(app.BaseAddress, "/"), new Uri(app.BaseAddress, signedIn.Headers.Location!));
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("SmsStatusTracker.Auth=", StringComparison.Ordinal));
        Assert.Contains("expires=", cookie, StringComparison.OrdinalIgnoreCase); // persistent
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        var dashboard = await client.GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains(Known, await dashboard.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.NotNull((await app.Accounts.FindByEmailAsync(Known, Ct))?.LastSignInAt);
    }

    [Fact]
    public async Task LinkOpenedWithoutPressingSignInIsNotUsedUp()
    {
        var app = await StartAsync();
        using var client = app.CreateBrowserClient();
        await AccountPages.RequestLinkAsync(client, Known);
        var link = await smtp.WaitForLinkAsync(Known);

        // A mail scanner fetching the link must not burn it.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(link, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(link, Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await AccountPages.FollowSignInLinkAsync(client, link)).StatusCode);
    }

    [Fact]
    public async Task UsedLinkIsRefusedWithAWayToAskAgain()
    {
        var app = await StartAsync();
        using var first = app.CreateBrowserClient();
        await AccountPages.RequestLinkAsync(first, Known);
        var link = await smtp.WaitForLinkAsync(Known);
        Assert.Equal(HttpStatusCode.Redirect, (await AccountPages.FollowSignInLinkAsync(first, link)).StatusCode);

        using var second = app.CreateBrowserClient();
        var reused = await second.GetAsync(link, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        var html = await reused.Content.ReadAsStringAsync(Ct);
        Assert.Contains("data-testid=\"link-invalid\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/account/sign-in\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("SmsStatusTracker.Auth=", string.Join(";", reused.Headers.TryGetValues("Set-Cookie", out var c) ? c : []), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInPressedTwiceWithOneLinkSignsInOnlyOnce()
    {
        var app = await StartAsync();
        using var client = app.CreateBrowserClient();
        await AccountPages.RequestLinkAsync(client, Known);
        var link = await smtp.WaitForLinkAsync(Known);
        var page = await (await client.GetAsync(link, Ct)).Content.ReadAsStringAsync(Ct);

        var first = await AccountPages.SubmitFormAsync(client, link, formHtml: page);
        var second = await AccountPages.SubmitFormAsync(client, link, formHtml: page);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
    }

    [Theory]
    [InlineData("flip-secret")]
    [InlineData("other-user")]
    [InlineData("truncate")]
    [InlineData("garbage")]
    public async Task TamperedLinkIsRefused(string tampering)
    {
        var app = await StartAsync();
        var other = await app.Accounts.InviteAsync("other@example.com", AppRoles.Viewer, Ct);
        using var client = app.CreateBrowserClient();
        await AccountPages.RequestLinkAsync(client, Known);
        var link = await smtp.WaitForLinkAsync(Known);
        var token = Uri.UnescapeDataString(link.Query["?token=".Length..]);
        var (userId, secret) = (token.Split('.')[0], token.Split('.')[1]);
        var forged = tampering switch
        {
            "flip-secret" => $"{userId}.{(secret[0] == 'A' ? 'B' : 'A')}{secret[1..]}",
            "other-user" => $"{other.UserId}.{secret}",
            "truncate" => token[..^2],
            _ => "not-a-token",
        };

        var response = await AccountPages.FollowSignInLinkAsync(client, new Uri(app.BaseAddress, $"/account/link?token={Uri.EscapeDataString(forged)}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("data-testid=\"link-invalid\"", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        // The genuine link still works: a forgery attempt does not burn it.
        Assert.Equal(HttpStatusCode.Redirect, (await AccountPages.FollowSignInLinkAsync(client, link)).StatusCode);
    }

    [Fact]
    public async Task ExpiredLinkIsRefusedWithAWayToAskAgain()
    {
        var app = await StartAsync(new() { ["Auth:SignInLinkLifetime"] = "00:00:00.500" });
        using var client = app.CreateBrowserClient();
        await AccountPages.RequestLinkAsync(client, Known);
        var link = await smtp.WaitForLinkAsync(Known);
        await Task.Delay(700, Ct);

        var response = await client.GetAsync(link, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("data-testid=\"link-expired\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/account/sign-in\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewerLinkReplacesTheEarlierOne()
    {
        var app = await StartAsync();
        using var client = app.CreateBrowserClient();
        await AccountPages.RequestLinkAsync(client, Known);
        var first = await smtp.WaitForLinkAsync(Known);
        await AccountPages.RequestLinkAsync(client, Known);
        var second = await smtp.WaitForLinkAsync(Known, count: 2);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(first, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await AccountPages.FollowSignInLinkAsync(client, second)).StatusCode);
    }

    [Fact]
    public async Task KnownAndUnknownAddressesGetTheSameAnswerAndOnlyTheKnownOneGetsMail()
    {
        var app = await StartAsync();
        using var client = app.CreateBrowserClient();

        var known = await AccountPages.RequestLinkAsync(client, Known);
        var unknown = await AccountPages.RequestLinkAsync(client, "nobody@example.com");

        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(
            AccountPages.WithoutPerResponseValues(await known.Content.ReadAsStringAsync(Ct)),
            AccountPages.WithoutPerResponseValues(await unknown.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(
            known.Headers.Select(h => h.Key).Order(StringComparer.Ordinal),
            unknown.Headers.Select(h => h.Key).Order(StringComparer.Ordinal));
        await smtp.WaitForLinkAsync(Known);
        await Task.Delay(300, Ct);
        Assert.Empty(smtp.MailTo("nobody@example.com"));
    }

    [Fact]
    public async Task DeactivatedUserGetsNoLinkAndAnEarlierLinkStopsWorking()
    {
        var app = await StartAsync();
        using var client = app.CreateBrowserClient();
        await AccountPages.RequestLinkAsync(client, Known);
        var link = await smtp.WaitForLinkAsync(Known);
        var user = await app.Accounts.FindByEmailAsync(Known, Ct);
        Assert.True((await app.Accounts.DeactivateAsync(user!.Id, Ct)).Succeeded);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(link, Ct)).StatusCode);
        await AccountPages.RequestLinkAsync(client, Known);
        await Task.Delay(500, Ct);
        Assert.Single(smtp.MailTo(Known));
    }

    [Fact]
    public async Task LinkPointsAtTheConfiguredUrlWhateverHostTheRequestNamed()
    {
        var app = await StartAsync(new() { ["Auth:PublicBaseUrl"] = "https://sms.example.com" });
        using var client = app.CreateBrowserClient();
        var form = await client.GetStringAsync(IdentityRegistration.SignInPath, Ct);
        using var forged = new HttpRequestMessage(HttpMethod.Post, IdentityRegistration.SignInPath);
        forged.Headers.Host = "attacker.example";
        var fields = System.Text.RegularExpressions.Regex.Matches(form, "<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")
            .ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        fields["Input.Email"] = Known;
        forged.Content = new FormUrlEncodedContent(fields);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(forged, Ct)).StatusCode);

        var link = await smtp.WaitForLinkAsync(Known);

        Assert.Equal("https://sms.example.com/account/link", link.GetLeftPart(UriPartial.Path));
    }

    [Fact]
    public async Task RequestsForOneAddressAreLimited()
    {
        var app = await StartAsync(new() { ["RateLimits:SignInPerAddress"] = "2" });
        using var client = app.CreateBrowserClient();

        Assert.Equal(HttpStatusCode.OK, (await AccountPages.RequestLinkAsync(client, Known)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AccountPages.RequestLinkAsync(client, Known.ToUpperInvariant())).StatusCode);
        var third = await AccountPages.RequestLinkAsync(client, Known);

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Contains("data-testid=\"too-many\"", await third.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.True(third.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is missing");
        Assert.Equal(HttpStatusCode.OK, (await AccountPages.RequestLinkAsync(client, "someone-else@example.com")).StatusCode);
    }

    [Fact]
    public async Task RequestsFromOneClientAddressAreLimitedWithRetryAfter()
    {
        var app = await StartAsync(new() { ["RateLimits:SignInPerIp"] = "3" });
        using var client = app.CreateBrowserClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await AccountPages.RequestLinkAsync(client, $"person{i}@example.com")).StatusCode);
        }

        var limited = await AccountPages.RequestLinkAsync(client, "person9@example.com");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is missing");
        // Only posting the form is limited: the page itself still opens.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(IdentityRegistration.SignInPath, Ct)).StatusCode);
    }

    [Theory]
    [InlineData("/account/sign-in/")]
    [InlineData("/Account/Sign-In")]
    [InlineData("/ACCOUNT/SIGN-IN/")]
    public async Task TheClientAddressLimitCountsEverySpellingOfTheSignInPath(string spelling)
    {
        var app = await StartAsync(new() { ["RateLimits:SignInPerIp"] = "2" });
        using var client = app.CreateBrowserClient();
        var page = new Uri(app.BaseAddress, spelling);

        Assert.Equal(HttpStatusCode.OK, (await AccountPages.RequestLinkAsync(client, "first@example.com")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AccountPages.SubmitFormAsync(client, page, new Dictionary<string, string> { ["Input.Email"] = "second@example.com" })).StatusCode);
        var limited = await AccountPages.SubmitFormAsync(client, page, new Dictionary<string, string> { ["Input.Email"] = "third@example.com" });

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is missing");
    }

    public void Dispose()
    {
        foreach (var app in apps)
        {
            app.Dispose();
        }

        smtp.Dispose();
    }

    private async Task<TrackerApp> StartAsync(Dictionary<string, string?>? overrides = null)
    {
        var settings = smtp.AppSettings();
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        var app = new TrackerApp(settings);
        apps.Add(app);
        Assert.True((await app.Accounts.InviteAsync(Known, AppRoles.Operator, Ct)).Succeeded);
        return app;
    }
}
