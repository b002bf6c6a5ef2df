using System.Diagnostics;
using System.Globalization;
using System.Net;
using SmsStatusTracker.Tests.Functional;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.Hosting;

/// <summary>
/// Two app processes that share nothing but the SQLite file — each its own HOME (where ASP.NET Core would keep
/// its keys) and its own content root (from which it would derive its application name), as two containers or
/// hosts would — read each other's cookies, antiforgery tokens and mailed sign-in links.
/// </summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class SharedKeyRingTests : IDisposable
{
    private const string Known = "operator@example.com";
    private readonly SmtpTestServer smtp = new();
    private readonly string root = Path.Combine(Path.GetTempPath(), "smsstatus-keyring", Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ALinkMailedByOneProcessSignsInOnTheOtherWithTheFirstOnesAntiforgeryTokenAndBothAcceptTheCookie()
    {
        using var cli = new AppProcess();
        Assert.Equal(0, (await cli.RunAsync("users", "add", Known, "--role", "Operator")).ExitCode);
        var addressA = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var addressB = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        using var processA = Start(cli, addressA, "a");
        using var processB = Start(cli, addressB, "b");
        var cookies = new CookieContainer();
        using var a = Client(addressA, cookies);
        using var b = Client(addressB, cookies);
        try
        {
            await AppProcess.WaitUntilReadyAsync(a, processA);
            await AppProcess.WaitUntilReadyAsync(b, processB);

            Assert.Equal(HttpStatusCode.OK, (await AccountPages.RequestLinkAsync(a, Known)).StatusCode);
            var link = await smtp.WaitForLinkAsync(Known);
            Assert.Equal(addressA.Authority, link.Authority);

            // The link page (and its antiforgery token and cookie) comes from A; the Sign in press goes to B.
            var page = await a.GetAsync(link, Ct);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var linkOnB = new Uri(addressB, link.PathAndQuery);
            var signedIn = await AccountPages.SubmitFormAsync(b, linkOnB, formHtml: await page.Content.ReadAsStringAsync(Ct));
            Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, $"B refused A's form: {signedIn.StatusCode}: {await signedIn.Content.ReadAsStringAsync(Ct)}");
            Assert.Contains(cookies.GetAllCookies(), c => c.Name == "SmsStatusTracker.Auth");

            // The session cookie B issued opens the dashboard on A, and on B.
            foreach (var client in new[] { a, b })
            {
                var dashboard = await client.GetAsync("/", Ct);
                Assert.True(dashboard.StatusCode == HttpStatusCode.OK, $"{client.BaseAddress} did not accept the cookie: {dashboard.StatusCode} {dashboard.Headers.Location}");
                Assert.Contains(Known, await dashboard.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            }
        }
        finally
        {
            await AppProcess.StopAsync(processA);
            await AppProcess.StopAsync(processB);
        }
    }

    public void Dispose()
    {
        smtp.Dispose();
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static HttpClient Client(Uri address, CookieContainer cookies) =>
        new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = address };

    private Process Start(AppProcess cli, Uri address, string name)
    {
        var home = Directory.CreateDirectory(Path.Combine(root, name, "home")).FullName;
        var contentRoot = Directory.CreateDirectory(Path.Combine(root, name, "content")).FullName;
        var start = cli.StartInfo(
            ["--urls", address.ToString()],
            settings:
            [
                ("HOME", home),
                ("Smtp__Host", "127.0.0.1"),
                ("Smtp__Port", smtp.Port.ToString(CultureInfo.InvariantCulture)),
                ("Smtp__Security", "None"),
                ("Smtp__From", "Tracker <tracker@example.com>"),
                ("Logging__LogLevel__Default", "Warning"),
            ]);
        start.WorkingDirectory = contentRoot;
        return AppProcess.StartInBackground(start);
    }
}
