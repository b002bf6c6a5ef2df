using System.Net;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Web.Endpoints.StatusCallbacks;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>
/// Twilio signs the URL it called, which behind a tunnel or proxy is not the URL this app sees.
/// The webhook checks against Twilio:PublicBaseUrl, or the forwarded URL from trusted proxies only.
/// </summary>
public sealed class CallbackUrlBehindProxyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithAPublicBaseUrlOnlySignaturesOverThePublicUrlAreAccepted()
    {
        using var app = new TrackerApp(new() { ["Twilio:PublicBaseUrl"] = "https://tracker.example.com" });
        var message = await app.AddQueuedMessageAsync();
        var path = StatusCallbackRoute.PathFor(message.Id);
        using var http = app.CreateHttpClient();

        using var signedForLocal = SignedCallback.Request(new Uri(app.BaseAddress, path), SignedCallback.Form(message.Sid!, "sent"));
        using var refused = await http.SendAsync(signedForLocal, Ct);
        using var signedForPublic = SignedCallback.Request(new Uri("https://tracker.example.com" + path), SignedCallback.Form(message.Sid!, "sent"));
        signedForPublic.RequestUri = new Uri(app.BaseAddress, path);
        using var accepted = await http.SendAsync(signedForPublic, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(MessageStatus.Sent, (await app.Store.FindAsync(message.Id, Ct))!.Status);
    }

    [Fact]
    public async Task ForwardedHostAndSchemeFromATrustedProxyAreWhatTheSignatureIsCheckedAgainst()
    {
        using var app = new TrackerApp();
        var message = await app.AddQueuedMessageAsync();

        using var response = await PostForwardedAsync(app, message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ForwardedHeadersFromAnUntrustedAddressAreIgnored()
    {
        using var app = new TrackerApp(new() { ["ForwardedHeaders:KnownProxies:0"] = "10.9.9.9" });
        var message = await app.AddQueuedMessageAsync();

        using var response = await PostForwardedAsync(app, message);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(MessageStatus.Queued, (await app.Store.FindAsync(message.Id, Ct))!.Status);
    }

    private static async Task<HttpResponseMessage> PostForwardedAsync(TrackerApp app, Message message)
    {
        var path = StatusCallbackRoute.PathFor(message.Id);
        using var http = app.CreateHttpClient();
        var request = SignedCallback.Request(new Uri("https://public.example.org" + path), SignedCallback.Form(message.Sid!, "sent"));
        request.RequestUri = new Uri(app.BaseAddress, path);
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "public.example.org");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        return await http.SendAsync(request, Ct);
    }
}
