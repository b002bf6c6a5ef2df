using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using SmsStatusTracker.Core.Diagnostics;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Web.Endpoints.StatusCallbacks;

namespace SmsStatusTracker.Tests.Functional;

public sealed class StatusCallbackWebhookTests(StatusCallbackWebhookTests.App app) : IClassFixture<StatusCallbackWebhookTests.App>
{
    public sealed class App : IDisposable
    {
        public TrackerApp Tracker { get; } = new();

        public void Dispose() => Tracker.Dispose();
    }

    private TrackerApp Tracker => app.Tracker;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Uri CallbackUrl(Guid? messageId = null) =>
        new(Tracker.BaseAddress, messageId is { } id ? StatusCallbackRoute.PathFor(id) : StatusCallbackRoute.Path);

    [Fact]
    public async Task SignedCallbackIsStoredAndAnswered200()
    {
        var message = await Tracker.AddQueuedMessageAsync();
        using var http = Tracker.CreateHttpClient();

        using var response = await http.SendAsync(SignedCallback.Request(CallbackUrl(message.Id), SignedCallback.Form(message.Sid!, "sent")), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await Tracker.Store.FindAsync(message.Id, Ct);
        Assert.Equal(MessageStatus.Sent, stored!.Status);
    }

    public static TheoryData<string> ForgeryKinds => ["unsigned", "wrong token", "tampered status", "added field", "other url"];

    [Theory]
    [MemberData(nameof(ForgeryKinds))]
    public async Task ForgedOrTamperedCallbackGets403ProblemAndChangesNothing(string kind)
    {
        var message = await Tracker.AddQueuedMessageAsync();
        var url = CallbackUrl(message.Id);
        var form = SignedCallback.Form(message.Sid!, "delivered");
        var request = kind switch
        {
            "unsigned" => SignedCallback.Request(url, form, authToken: null),
            "wrong token" => SignedCallback.Request(url, form, authToken: "not-the-auth-token"),
            "other url" => Resigned(new Uri(url + "&extra=1"), url, form),
            _ => Tampered(url, form, kind),
        };
        using var http = Tracker.CreateHttpClient();

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(Ct);
        Assert.Equal(403, problem!.Status);
        var stored = await Tracker.Store.FindAsync(message.Id, Ct);
        Assert.Equal(message.Status, stored!.Status);
        Assert.Equal(message.History.Count, stored.History.Count);
        Assert.Equal(message.Version, stored.Version);
    }

    private static HttpRequestMessage Tampered(Uri url, Dictionary<string, string> form, string kind)
    {
        var request = SignedCallback.Request(url, form);
        var changed = new Dictionary<string, string>(form);
        if (kind == "tampered status")
        {
            changed["MessageStatus"] = "undelivered";
        }
        else
        {
            changed["ErrorCode"] = "30003";
        }

        request.Content = new FormUrlEncodedContent(changed);
        return request;
    }

    // Signed for one URL, posted to another: the signature covers the query string.
    private static HttpRequestMessage Resigned(Uri signedFor, Uri postedTo, Dictionary<string, string> form)
    {
        var request = SignedCallback.Request(signedFor, form);
        request.RequestUri = postedTo;
        return request;
    }

    [Fact]
    public async Task CallbackMissingItsStatusGets400AfterTheSignatureIsChecked()
    {
        var message = await Tracker.AddQueuedMessageAsync();
        var form = SignedCallback.Form(message.Sid!, "sent");
        form.Remove("MessageStatus");
        form.Remove("SmsStatus");
        using var http = Tracker.CreateHttpClient();

        using var response = await http.SendAsync(SignedCallback.Request(CallbackUrl(message.Id), form), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(message.Version, (await Tracker.Store.FindAsync(message.Id, Ct))!.Version);
    }

    [Fact]
    public async Task OversizedCallbackGets413()
    {
        var message = await Tracker.AddQueuedMessageAsync();
        var form = SignedCallback.Form(message.Sid!, "sent");
        form["Padding"] = new string('x', 64 * 1024);
        using var http = Tracker.CreateHttpClient();

        using var response = await http.SendAsync(SignedCallback.Request(CallbackUrl(message.Id), form), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(message.Version, (await Tracker.Store.FindAsync(message.Id, Ct))!.Version);
    }

    [Fact]
    public async Task CallbackThatIsNotAFormGets415()
    {
        using var http = Tracker.CreateHttpClient();

        using var response = await http.PostAsJsonAsync(CallbackUrl(), new { MessageSid = SignedCallback.NewSid(), MessageStatus = "sent" }, Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task CallbackForAnUnknownMessageIsKeptAndAppliedWhenTheMessageAppears()
    {
        var sid = SignedCallback.NewSid();
        using var http = Tracker.CreateHttpClient();

        using var response = await http.SendAsync(SignedCallback.Request(CallbackUrl(), SignedCallback.Form(sid, "delivered")), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await Tracker.Store.FindParkedAsync(sid, Ct));

        var message = await Tracker.AddQueuedMessageAsync(sid);
        var recorder = Tracker.Services.GetService(typeof(SmsStatusTracker.Core.StatusCallbacks.StatusRecorder)) as SmsStatusTracker.Core.StatusCallbacks.StatusRecorder;
        await recorder!.ApplyParkedAsync(sid, Ct);

        var stored = await Tracker.Store.FindAsync(message.Id, Ct);
        Assert.Equal(MessageStatus.Delivered, stored!.Status);
        Assert.Empty(await Tracker.Store.FindParkedAsync(sid, Ct));
    }

    [Fact]
    public async Task ConcurrentCallbacksForOneMessageAllLandAndTheFinalStatusWins()
    {
        var message = await Tracker.AddQueuedMessageAsync();
        string[] statuses = ["sending", "sent", "delivered", "sent", "sending", "delivered", "read", "sent", "sending"];
        using var http = Tracker.CreateHttpClient();

        var responses = await Task.WhenAll(statuses.Select(async (status, i) =>
        {
            using var response = await http.SendAsync(
                SignedCallback.Request(CallbackUrl(message.Id), SignedCallback.Form(message.Sid!, status), idempotencyToken: $"token-{i}"), Ct);
            return response.StatusCode;
        }));

        Assert.All(responses, status => Assert.Equal(HttpStatusCode.OK, status));
        var stored = await Tracker.Store.FindAsync(message.Id, Ct);
        // Whatever the order, read outranks everything and only delivered → read moves past a final status.
        Assert.Equal(MessageStatus.Read, stored!.Status);
        // The same signed body again (whatever its token header) is a repeat: answered, not stored again.
        var distinct = statuses.Distinct().Count();
        Assert.Equal(message.History.Count + distinct, stored.History.Count);
        Assert.Equal(message.Version + distinct, stored.Version);
        Assert.Equal(statuses.Distinct().Order(), stored.History.Skip(message.History.Count).Select(h => h.RawStatus).Order());
    }

    [Fact]
    public async Task ReplayingOneSignedCallbackAHundredTimesIsAnswered200ButStoredAndBroadcastOnce()
    {
        var notified = new ConcurrentQueue<Message>();
        using var app = new TrackerApp(configureServices: services => services.AddSingleton<IMessageChangeNotifier>(new CountingNotifier(notified)));
        var meters = app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var observations = new MetricCollector<long>(meters, TrackerMetrics.MeterName, "smsstatus.status.observations");
        var message = await app.AddQueuedMessageAsync();
        var url = new Uri(app.BaseAddress, StatusCallbackRoute.PathFor(message.Id));
        var form = SignedCallback.Form(message.Sid!, "delivered");
        using var http = app.CreateHttpClient();

        for (var i = 0; i < 100; i++)
        {
            // Half of the replays carry a made-up idempotency token: the header is not covered by the signature.
            using var response = await http.SendAsync(SignedCallback.Request(url, form, idempotencyToken: i % 2 == 0 ? "genuine-token" : $"forged-{i}"), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var stored = await app.Store.FindAsync(message.Id, Ct);
        Assert.Equal(MessageStatus.Delivered, stored!.Status);
        Assert.Single(stored.History, h => h.Source == StatusEventSource.Callback);
        Assert.Equal(message.Version + 1, stored.Version);
        Assert.Single(notified, m => m.Id == message.Id);
        var repeats = observations.GetMeasurementSnapshot().Where(m => Equals(m.Tags["outcome"], "repeat")).Sum(m => m.Value);
        Assert.Equal(99, repeats);
    }

    [Fact]
    public async Task AReplayedCallbackForAnUnknownSidIsParkedOnce()
    {
        var sid = SignedCallback.NewSid();
        var form = SignedCallback.Form(sid, "delivered");
        using var http = Tracker.CreateHttpClient();

        for (var i = 0; i < 5; i++)
        {
            using var response = await http.SendAsync(SignedCallback.Request(CallbackUrl(), form, idempotencyToken: $"token-{i}"), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Single(await Tracker.Store.FindParkedAsync(sid, Ct));
    }

    public static TheoryData<string> ForeignAccounts => ["AC" + new string('1', 32), "ac00000000000000000000000000000000", "missing"];

    [Theory]
    [MemberData(nameof(ForeignAccounts))]
    public async Task ASignedCallbackForAnotherAccountGets403ProblemAndNothingIsStored(string accountSid)
    {
        var message = await Tracker.AddQueuedMessageAsync();
        var unknownSid = SignedCallback.NewSid();
        using var http = Tracker.CreateHttpClient();

        foreach (var (sid, url) in new[] { (message.Sid!, CallbackUrl(message.Id)), (unknownSid, CallbackUrl()) })
        {
            var form = SignedCallback.Form(sid, "delivered");
            if (accountSid == "missing")
            {
                form.Remove("AccountSid");
            }
            else
            {
                form["AccountSid"] = accountSid;
            }

            using var response = await http.SendAsync(SignedCallback.Request(url, form), Ct);

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(Ct);
            Assert.Equal(403, problem!.Status);
            Assert.Contains("AccountSid", problem.Detail);
        }

        var stored = await Tracker.Store.FindAsync(message.Id, Ct);
        Assert.Equal(message.Version, stored!.Version);
        Assert.Equal(message.History.Count, stored.History.Count);
        Assert.Empty(await Tracker.Store.FindParkedAsync(unknownSid, Ct));
    }

    [Fact]
    public async Task ACallbackForTheConfiguredAccountIsAcceptedAndOneForTheSimulatorDefaultIsNot()
    {
        const string account = "AC0123456789abcdef0123456789abcdef";
        const string token = "live-auth-token-for-the-account-test";
        using var app = new TrackerApp(new() { ["Twilio:AccountSid"] = account, ["Twilio:AuthToken"] = token });
        var meters = app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        using var rejected = new MetricCollector<long>(meters, TrackerMetrics.MeterName, "smsstatus.callbacks.rejected");
        var message = await app.AddQueuedMessageAsync();
        var url = new Uri(app.BaseAddress, StatusCallbackRoute.PathFor(message.Id));
        var ours = SignedCallback.Form(message.Sid!, "sent");
        ours["AccountSid"] = account;
        var simulators = SignedCallback.Form(message.Sid!, "delivered");
        using var http = app.CreateHttpClient();

        using var refused = await http.SendAsync(SignedCallback.Request(url, simulators, authToken: token), Ct);
        using var accepted = await http.SendAsync(SignedCallback.Request(url, ours, authToken: token), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(MessageStatus.Sent, (await app.Store.FindAsync(message.Id, Ct))!.Status);
        Assert.Equal(["account"], rejected.GetMeasurementSnapshot().Select(m => (string)m.Tags["reason"]!));
    }

    private sealed class CountingNotifier(ConcurrentQueue<Message> notified) : IMessageChangeNotifier
    {
        public Task MessageChangedAsync(Message message, MessageChangeKind kind, CancellationToken cancellationToken)
        {
            notified.Enqueue(message);
            return Task.CompletedTask;
        }
    }
}
