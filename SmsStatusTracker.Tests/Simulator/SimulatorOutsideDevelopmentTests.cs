using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Tests.Functional;
using SmsStatusTracker.Web.Simulator;
using SmsStatusTracker.Web.Identity;

namespace SmsStatusTracker.Tests.Simulator;

/// <summary>Outside Development the simulator runs only when asked for by name, and says so everywhere.</summary>
public sealed class SimulatorOutsideDevelopmentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithTheOptInEveryPageShowsTheSimulatorBanner()
    {
        using var app = new TrackerApp(ProductionApp.Settings());
        using var client = app.CreateBrowserClient();
        // Outside Development pages need HTTPS: here a TLS proxy on this machine (trusted by default) says so.
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        var signInResponse = await client.GetAsync(IdentityRegistration.SignInPath, Ct);
        Assert.True(signInResponse.IsSuccessStatusCode, $"{signInResponse.StatusCode} {signInResponse.Headers.Location}");
        var signIn = await signInResponse.Content.ReadAsStringAsync(Ct);
        var error = await client.GetAsync("/Error", Ct);

        Assert.Contains(SimulatorNotice.Text, signIn, StringComparison.Ordinal);
        Assert.Contains(SimulatorNotice.Text, await error.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InDevelopmentTheSimulatorNeedsNoBanner()
    {
        using var app = new TrackerApp();
        using var client = app.CreateBrowserClient();

        var signIn = await client.GetStringAsync(IdentityRegistration.SignInPath, Ct);

        Assert.DoesNotContain(SimulatorNotice.Text, signIn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithTheOptInReadinessIsDegradedNamingTheSimulator()
    {
        using var app = new TrackerApp(ProductionApp.Settings());
        using var client = app.CreateHttpClient();

        using var response = await client.GetAsync("/health/ready", Ct);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        // Degraded still answers 200: the app works, it just sends nothing anywhere.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Degraded", body.RootElement.GetProperty("status").GetString());
        var twilio = body.RootElement.GetProperty("checks").GetProperty("twilio");
        Assert.Equal("Degraded", twilio.GetProperty("status").GetString());
        Assert.Contains("no SMS leaves", twilio.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InDevelopmentTheSimulatorIsHealthy()
    {
        using var app = new TrackerApp();
        using var client = app.CreateHttpClient();

        using var body = JsonDocument.Parse(await client.GetStringAsync("/health/ready", Ct));

        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task TheDocumentedCredentialIsRefusedOutsideDevelopment()
    {
        using var app = new TrackerApp(ProductionApp.Settings());
        using var client = app.CreateHttpClient();

        using var list = await client.SendAsync(ListRequest(TwilioOptions.SimulatorAccountSid, TwilioOptions.SimulatorAuthToken), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
    }

    [Fact]
    public async Task OutsideDevelopmentTheAppStillTalksToItsSimulatorWithTheGeneratedCredential()
    {
        using var app = new TrackerApp(ProductionApp.Settings());

        var sent = await app.SendAsync("+15005550006");
        var final = await app.WaitForFinalAsync(sent.Id);

        Assert.Equal(Core.Messages.MessageStatus.Delivered, final.Status);
        Assert.All(app.Ledger.CallbackAttempts, attempt => Assert.Equal(200, attempt.HttpStatus));
    }

    [Fact]
    public async Task TheDocumentedCredentialStillWorksInDevelopment()
    {
        using var app = new TrackerApp();
        using var client = app.CreateHttpClient();

        using var list = await client.SendAsync(ListRequest(TwilioOptions.SimulatorAccountSid, TwilioOptions.SimulatorAuthToken), Ct);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public async Task InLiveModeTheSimulatorEndpointsDoNotExist()
    {
        using var app = new TrackerApp(new()
        {
            ["Twilio:Mode"] = "Live",
            ["Twilio:AccountSid"] = "AC" + new string('1', 32),
            ["Twilio:AuthToken"] = "live-token",
            ["Twilio:From"] = "+15017122661",
            ["Twilio:PublicBaseUrl"] = "https://example.ngrok.app",
        });
        using var client = app.CreateBrowserClient();

        using var list = await client.SendAsync(ListRequest("AC" + new string('1', 32), "live-token"), Ct);

        // Nothing is mapped there: an anonymous caller gets the sign-in redirect any unknown path gets.
        Assert.Equal(HttpStatusCode.Redirect, list.StatusCode);
        Assert.Equal(IdentityRegistration.SignInPath, list.Headers.Location?.AbsolutePath);
    }

    public static HttpRequestMessage ListRequest(string accountSid, string authToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"{TwilioSimulatorEndpoints.BasePath}/2010-04-01/Accounts/{accountSid}/Messages.json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{accountSid}:{authToken}")));
        return request;
    }
}
