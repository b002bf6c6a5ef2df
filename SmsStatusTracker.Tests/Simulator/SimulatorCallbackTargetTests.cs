using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using SmsStatusTracker.Core.Sending;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Tests.Functional;
using SmsStatusTracker.Web.Simulator;
using SmsStatusTracker.Web.Endpoints.StatusCallbacks;

namespace SmsStatusTracker.Tests.Simulator;

/// <summary>The simulator posts callbacks to this app's own status callback URL and nowhere else (no blind SSRF).</summary>
public sealed class SimulatorCallbackTargetTests : IDisposable
{
    private readonly TrackerApp app = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ACallbackToAnotherHostOrPortIsRefusedAndNothingIsPosted()
    {
        using var elsewhere = new TcpListener(IPAddress.Loopback, 0);
        elsewhere.Start();
        var port = ((IPEndPoint)elsewhere.LocalEndpoint).Port;

        using var response = await CreateAsync($"http://127.0.0.1:{port}{StatusCallbackRoute.Path}?{StatusCallbackRoute.MessageIdQuery}=abc");
        await Task.Delay(300, Ct);

        await AssertRefusedAsync(response);
        Assert.False(elsewhere.Pending(), "The simulator connected to the foreign URL.");
        Assert.Empty(app.Ledger.Messages);
        Assert.Empty(app.Ledger.CallbackAttempts);
    }

    [Theory]
    [InlineData("/api/other")]
    [InlineData(StatusCallbackRoute.Path + "/x")]
    [InlineData("/simulator/2010-04-01/Accounts/x/Messages.json")]
    public async Task ACallbackToAnotherPathOfThisAppIsRefused(string path)
    {
        using var response = await CreateAsync(new Uri(app.BaseAddress, path).ToString());

        await AssertRefusedAsync(response);
        Assert.Empty(app.Ledger.Messages);
    }

    [Fact]
    public async Task ACallbackWithAnotherSchemeIsRefused()
    {
        var own = new UriBuilder(new Uri(app.BaseAddress, StatusCallbackRoute.Path)) { Scheme = "https" };

        using var response = await CreateAsync(own.Uri.ToString());

        await AssertRefusedAsync(response);
    }

    [Fact]
    public async Task TheAppsOwnCallbackUrlWithAnyQueryAndFragmentIsAccepted()
    {
        var own = new Uri(app.BaseAddress, StatusCallbackRoute.PathFor(Guid.NewGuid()) + "#rc=1&rp=ct").ToString();

        using var response = await CreateAsync(own);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Single(app.Ledger.Messages);
    }

    private async Task<HttpResponseMessage> CreateAsync(string statusCallback)
    {
        using var client = app.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{TwilioSimulatorEndpoints.BasePath}/2010-04-01/Accounts/{TwilioOptions.SimulatorAccountSid}/Messages.json")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["To"] = "+15005550006",
                ["From"] = TwilioOptions.SimulatorFrom,
                ["Body"] = "hello",
                ["StatusCallback"] = statusCallback,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TwilioOptions.SimulatorAccountSid}:{TwilioOptions.SimulatorAuthToken}")));
        return await client.SendAsync(request, Ct);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(21609, body.RootElement.GetProperty("code").GetInt32());
    }

    public void Dispose() => app.Dispose();
}
