using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using SmsStatusTracker.Web.Identity;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>
/// Outside Development only the app's own host names are answered, so nothing the app produces (HTTPS and sign-in
/// redirects, absolute links) can carry a Host header an attacker chose.
/// </summary>
public sealed class HostFilteringTests : IDisposable
{
    private readonly SmtpTestServer smtp = new();
    private readonly List<IDisposable> disposables = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Production(string host, Dictionary<string, string?> settings)
    {
        var factory = ProductionApp.Create(smtp, settings);
        disposables.Add(factory);
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri($"http://{host}") });
        disposables.Add(client);
        return client;
    }

    [Theory]
    [InlineData("Auth:PublicBaseUrl")]
    [InlineData("Twilio:PublicBaseUrl")]
    public async Task AnUnlistedHostIs400BeforeAnyRedirect(string key)
    {
        var client = Production("evil.example.net", new() { [key] = "https://sms.example.com" });

        foreach (var path in new[] { "/", IdentityRegistration.SignInPath, "/api/messages" })
        {
            using var response = await client.GetAsync(path, Ct);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Null(response.Headers.Location);
        }
    }

    [Theory]
    [InlineData("sms.example.com")]
    [InlineData("SMS.example.com:8443")]
    [InlineData("localhost")]
    [InlineData("127.0.0.1:5000")]
    public async Task ThePublicHostAndLoopbackAreAnswered(string host)
    {
        var client = Production(host, new() { ["Auth:PublicBaseUrl"] = "https://sms.example.com" });

        using var response = await client.GetAsync("/health/live", Ct);

        Assert.NotEqual(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AllowedHostsWhenSetIsTheListInsteadOfThePublicHost()
    {
        var allowed = Production("app.example.org", new() { ["AllowedHosts"] = "app.example.org", ["Auth:PublicBaseUrl"] = "https://sms.example.com" });
        var publicHost = Production("sms.example.com", new() { ["AllowedHosts"] = "app.example.org", ["Auth:PublicBaseUrl"] = "https://sms.example.com" });

        using var ok = await allowed.GetAsync("/health/live", Ct);
        using var refused = await publicHost.GetAsync("/health/live", Ct);

        Assert.NotEqual(HttpStatusCode.BadRequest, ok.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task HttpsRedirectsOnlyEverNameAListedHost()
    {
        var settings = new Dictionary<string, string?> { ["Auth:PublicBaseUrl"] = "https://sms.example.com", ["https_port"] = "443" };
        var unlisted = Production("evil.example.net", settings);
        var listed = Production("sms.example.com", settings);

        using var refused = await unlisted.GetAsync(IdentityRegistration.SignInPath, Ct);
        using var redirected = await listed.GetAsync(IdentityRegistration.SignInPath, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Null(refused.Headers.Location);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirected.StatusCode);
        Assert.Equal("https://sms.example.com/account/sign-in", redirected.Headers.Location?.ToString());
    }

    [Fact]
    public void LoopbackAndSpecificListeningAddressesAreAlwaysInTheList()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AllowedHosts"] = "*",
            ["Twilio:PublicBaseUrl"] = "https://sms.example.com/base",
            ["urls"] = "http://10.1.2.3:8080;http://+:80",
        }).Build();

        Assert.Equal(["sms.example.com", "localhost", "127.0.0.1", "[::1]", "10.1.2.3"], SmsStatusTracker.Web.Hosting.HostFiltering.AllowedHosts(configuration));
        Assert.Empty(SmsStatusTracker.Web.Hosting.HostFiltering.AllowedHosts(new ConfigurationBuilder().Build()));
    }

    public void Dispose()
    {
        foreach (var disposable in Enumerable.Reverse(disposables))
        {
            disposable.Dispose();
        }

        smtp.Dispose();
    }
}
