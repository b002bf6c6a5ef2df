using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Tests.Functional;
using SmsStatusTracker.Web.Endpoints.StatusCallbacks;
using SmsStatusTracker.Web.Endpoints.StatusCallbacks.Doctor;

namespace SmsStatusTracker.Tests.StatusCallbacks;

/// <summary>
/// The webhook doctor over real HTTP and real signatures: each refused Twilio post is noted with its reason, the URL it
/// was checked against, the proxy headers and, when some URL matches the signature, the URL Twilio signed.
/// </summary>
public sealed class WebhookDoctorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static RejectedCallback Latest(TrackerApp app) =>
        app.Services.GetRequiredService<RejectedCallbackLog>().Newest().First();

    [Fact]
    public async Task AForgedCallbackShowsUpWithItsReasonTheCheckedUrlAndNoMatchingUrl()
    {
        using var app = new TrackerApp();
        var message = await app.AddQueuedMessageAsync();
        var url = new Uri(app.BaseAddress, StatusCallbackRoute.PathFor(message.Id));
        using var http = app.CreateHttpClient();
        using var forged = SignedCallback.Request(url, SignedCallback.Form(message.Sid!, "delivered"), authToken: "an-attackers-guess");

        using var response = await http.SendAsync(forged, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var noted = Latest(app);
        Assert.Equal(CallbackOutcome.Signature, noted.Reason);
        Assert.Equal(url.ToString(), noted.CheckedUrl);
        Assert.Null(noted.SignedUrl);
        Assert.InRange(noted.CandidatesTried, 2, SignatureDiagnosis.MaxCandidates);
        Assert.Contains("another auth token", noted.Advice, StringComparison.Ordinal);
        Assert.EndsWith("…", noted.SignaturePrefix);
        Assert.Equal(5, noted.SignaturePrefix!.Length);
    }

    [Fact]
    public async Task BehindAnUntrustedProxyTheDoctorShowsTheUrlTwilioSignedAndWhatToSet()
    {
        // The proxy at 127.0.0.1 is not in KnownProxies, so its X-Forwarded-* are ignored and the app checks its own URL.
        using var app = new TrackerApp(new() { ["ForwardedHeaders:KnownProxies:0"] = "10.9.9.9" });
        var message = await app.AddQueuedMessageAsync();
        var path = StatusCallbackRoute.PathFor(message.Id);
        using var http = app.CreateHttpClient();
        using var request = SignedCallback.Request(new Uri("https://public.example.org" + path), SignedCallback.Form(message.Sid!, "sent"));
        request.RequestUri = new Uri(app.BaseAddress, path);
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "public.example.org");

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var noted = Latest(app);
        Assert.Equal(new Uri(app.BaseAddress, path).ToString(), noted.CheckedUrl);
        Assert.Equal("https://public.example.org" + path, noted.SignedUrl);
        Assert.Contains("Set Twilio:PublicBaseUrl to https://public.example.org so the app checks that URL", noted.Advice, StringComparison.Ordinal);
        Assert.Contains(KeyValuePair.Create("X-Forwarded-Host", "public.example.org"), noted.ProxyHeaders);
        Assert.Contains(KeyValuePair.Create("X-Forwarded-Proto", "https"), noted.ProxyHeaders);
    }

    [Fact]
    public async Task AWrongPublicBaseUrlIsNamedWithTheOneTwilioSigned()
    {
        using var app = new TrackerApp(new() { ["Twilio:PublicBaseUrl"] = "https://old.example.com" });
        var message = await app.AddQueuedMessageAsync();
        var path = StatusCallbackRoute.PathFor(message.Id);
        using var http = app.CreateHttpClient();
        // Twilio was given http://, the app is configured with https:// and another host; the proxy reports the host.
        using var request = SignedCallback.Request(new Uri("http://tracker.example.com" + path), SignedCallback.Form(message.Sid!, "sent"));
        request.RequestUri = new Uri(app.BaseAddress, path);
        request.Headers.Add("X-Forwarded-Host", "tracker.example.com");

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var noted = Latest(app);
        Assert.Equal("https://old.example.com" + path, noted.CheckedUrl);
        Assert.Equal("http://tracker.example.com" + path, noted.SignedUrl);
        Assert.Contains("Change Twilio:PublicBaseUrl from https://old.example.com to http://tracker.example.com", noted.Advice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingSignatureWrongAccountAndContentTypeAreEachNotedWithTheirReason()
    {
        using var app = new TrackerApp();
        var message = await app.AddQueuedMessageAsync();
        var url = new Uri(app.BaseAddress, StatusCallbackRoute.PathFor(message.Id));
        using var http = app.CreateHttpClient();

        using (var unsigned = SignedCallback.Request(url, SignedCallback.Form(message.Sid!, "sent"), authToken: null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(unsigned, Ct)).StatusCode);
        }

        Assert.Equal(CallbackOutcome.Signature, Latest(app).Reason);
        Assert.Null(Latest(app).SignaturePrefix);
        Assert.Contains("No X-Twilio-Signature", Latest(app).Advice, StringComparison.Ordinal);

        var otherAccount = SignedCallback.Form(message.Sid!, "sent");
        otherAccount["AccountSid"] = "AC" + new string('9', 32);
        using (var signedForAnother = SignedCallback.Request(url, otherAccount))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(signedForAnother, Ct)).StatusCode);
        }

        Assert.Equal(CallbackOutcome.WrongAccount, Latest(app).Reason);

        using (var json = await http.PostAsync(url, new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), Ct))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        }

        Assert.Equal(CallbackOutcome.ContentType, Latest(app).Reason);
        Assert.Equal(3, app.Services.GetRequiredService<RejectedCallbackLog>().Total);
    }

    [Fact]
    public async Task AnAdminSeesTheRejectionsOnThePageWithoutTheSignatureOrTheToken()
    {
        using var app = new TrackerApp(new() { ["ForwardedHeaders:KnownProxies:0"] = "10.9.9.9" });
        var message = await app.AddQueuedMessageAsync();
        var path = StatusCallbackRoute.PathFor(message.Id);
        using var http = app.CreateHttpClient();
        var form = SignedCallback.Form(message.Sid!, "sent");
        using var request = SignedCallback.Request(new Uri("https://public.example.org" + path), form);
        request.RequestUri = new Uri(app.BaseAddress, path);
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "public.example.org");
        var signature = request.Headers.GetValues(TwilioHeaders.Signature).Single();
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(request, Ct)).StatusCode);
        using var admin = app.CreateBrowserClient(await app.SignInAsync("doctor-admin@example.com", AppRoles.Admin));

        var page = WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/webhook-doctor", Ct));

        Assert.Contains("this instance", page, StringComparison.Ordinal);
        Assert.Contains("Signature mismatch", page, StringComparison.Ordinal);
        Assert.Contains("https://public.example.org" + path, page, StringComparison.Ordinal);
        Assert.Contains("public.example.org", page, StringComparison.Ordinal);
        Assert.DoesNotContain(signature, page, StringComparison.Ordinal);
        Assert.DoesNotContain(TwilioOptions.SimulatorAuthToken, page, StringComparison.Ordinal);
    }

    [Fact]
    public void TheLogKeepsTheNewestEntriesUpToItsCapacity()
    {
        var log = new RejectedCallbackLog();
        for (var n = 0; n < RejectedCallbackLog.Capacity + 50; n++)
        {
            log.Add(new RejectedCallback
            {
                At = DateTimeOffset.UnixEpoch.AddSeconds(n), Path = $"/{n}", Reason = CallbackOutcome.Signature, StatusCode = 403,
                CheckedUrl = "http://x/", ProxyHeaders = [], Advice = "",
            });
        }

        var newest = log.Newest();
        Assert.Equal(RejectedCallbackLog.Capacity, newest.Count);
        Assert.Equal($"/{RejectedCallbackLog.Capacity + 49}", newest[0].Path);
        Assert.Equal("/50", newest[^1].Path);
        Assert.Equal(RejectedCallbackLog.Capacity + 50, log.Total);
    }
}
