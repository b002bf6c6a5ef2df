using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Inbound;
using SmsStatusTracker.Core.OptOuts;
using SmsStatusTracker.Tests.Infrastructure;
using SmsStatusTracker.Web.Endpoints.StatusCallbacks;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>Twilio's incoming-message webhook over real HTTP with real signatures: stored, answered with empty TwiML, and validated as status callbacks are.</summary>
public sealed class InboundSmsWebhookTests(InboundSmsWebhookTests.App app) : IClassFixture<InboundSmsWebhookTests.App>
{
    public sealed class App : IDisposable
    {
        public TrackerApp Tracker { get; } = new();

        public void Dispose() => Tracker.Dispose();
    }

    private static int nextNumber;

    private TrackerApp Tracker => app.Tracker;

    private IInboundMessageStore Inbound => Tracker.Services.GetRequiredService<IInboundMessageStore>();

    private OptOutLedger Ledger => Tracker.Services.GetRequiredService<OptOutLedger>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A sender no other test in the class uses.</summary>
    private static string NewNumber() => $"+4477009{Interlocked.Increment(ref nextNumber) + 10000:D5}";

    [Fact]
    public async Task SignedIncomingMessageIsStoredAndAnsweredWithAnEmptyTwimlResponse()
    {
        var from = NewNumber();

        using var response = await SignedIncomingMessage.PostAsync(Tracker, from, "Running 5 minutes late");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("<Response/>", await response.Content.ReadAsStringAsync(Ct));
        var stored = Assert.Single(await Inbound.ListFromAsync(from, 10, Ct));
        Assert.Equal("Running 5 minutes late", stored.Body);
    }

    public static TheoryData<string> ForgeryKinds => ["unsigned", "wrong token", "tampered body", "other account"];

    [Theory]
    [MemberData(nameof(ForgeryKinds))]
    public async Task ForgedIncomingMessageIsRefused403AndNothingIsStoredOrOptedOut(string kind)
    {
        var from = NewNumber();
        var form = SignedIncomingMessage.Form(SignedCallback.NewSid(), from, "STOP");
        HttpRequestMessage request;
        switch (kind)
        {
            case "unsigned":
                request = SignedIncomingMessage.Request(Tracker.BaseAddress, form, authToken: null);
                break;
            case "wrong token":
                request = SignedIncomingMessage.Request(Tracker.BaseAddress, form, authToken: "not-the-auth-token");
                break;
            case "tampered body":
                request = SignedIncomingMessage.Request(Tracker.BaseAddress, form);
                request.Content = new FormUrlEncodedContent(new Dictionary<string, string>(form) { ["Body"] = "START" });
                break;
            default:
                // Signed with our token, but about another account.
                request = SignedIncomingMessage.Request(Tracker.BaseAddress, new Dictionary<string, string>(form) { ["AccountSid"] = "AC" + new string('9', 32) });
                break;
        }

        using var http = Tracker.CreateHttpClient();
        using (request)
        using (var response = await http.SendAsync(request, Ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Empty(await Inbound.ListFromAsync(from, 10, Ct));
        Assert.False(await Ledger.IsOptedOutAsync(from, Ct));
    }

    [Fact]
    public async Task ARepeatedIncomingMessageWithTheSameSidIsStoredOnceAndAnswered200EachTime()
    {
        var from = NewNumber();
        var sid = SignedCallback.NewSid();

        using var first = await SignedIncomingMessage.PostAsync(Tracker, from, "STOP", sid);
        using var retry = await SignedIncomingMessage.PostAsync(Tracker, from, "STOP", sid);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Single(await Inbound.ListFromAsync(from, 10, Ct));
        Assert.Single(await Ledger.TrailAsync(from, Ct));
    }

    [Fact]
    public async Task ABodyThatIsNotAFormIs415AndAnOversizedOneIs413()
    {
        using var http = Tracker.CreateHttpClient();
        using var json = await http.PostAsync(InboundSmsRoute.Path, new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), Ct);
        using var huge = await http.PostAsync(InboundSmsRoute.Path, new FormUrlEncodedContent(new Dictionary<string, string> { ["Body"] = new string('x', ValidateTwilioRequestFilter.MaxBodyBytes + 1) }), Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
    }

    [Fact]
    public async Task ASignedMessageWithoutASenderIs400()
    {
        var form = SignedIncomingMessage.Form(SignedCallback.NewSid(), NewNumber(), "hi");
        form.Remove("From");
        using var http = Tracker.CreateHttpClient();

        using var response = await http.SendAsync(SignedIncomingMessage.Request(Tracker.BaseAddress, form), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task WhenTheStoreIsLockedTheWebhookAnswers503WithRetryAfterAndTheRetryIsStored()
    {
        var from = NewNumber();
        var sid = SignedCallback.NewSid();
        // The tables exist before the lock is taken, as they do in a running app.
        await Inbound.ListFromAsync(from, 1, Ct);
        await using (await SqliteWriteLock.HoldAsync($"Data Source={Tracker.DatabasePath}"))
        {
            using var refused = await SignedIncomingMessage.PostAsync(Tracker, from, "STOP", sid);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("5", refused.Headers.RetryAfter?.ToString());
        }

        using var retried = await SignedIncomingMessage.PostAsync(Tracker, from, "STOP", sid);

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Single(await Inbound.ListFromAsync(from, 10, Ct));
        Assert.True(await Ledger.IsOptedOutAsync(from, Ct));
    }

    public static TheoryData<string> OptOutWords => new(OptOutKeywords.OptOut.Concat(["stop", " Stop "]));

    [Theory]
    [MemberData(nameof(OptOutWords))]
    public async Task EachStopKeywordOptsTheSenderOutAndEachStartKeywordOptsThemBackIn(string keyword)
    {
        foreach (var optIn in OptOutKeywords.OptIn)
        {
            var from = NewNumber();
            using (var stop = await SignedIncomingMessage.PostAsync(Tracker, from, keyword))
            {
                Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
            }

            Assert.True(await Ledger.IsOptedOutAsync(from, Ct), $"{keyword} did not opt {from} out");
            using (var start = await SignedIncomingMessage.PostAsync(Tracker, from, optIn.ToLowerInvariant()))
            {
                Assert.Equal(HttpStatusCode.OK, start.StatusCode);
            }

            Assert.False(await Ledger.IsOptedOutAsync(from, Ct), $"{optIn} did not opt {from} back in");
            var trail = await Ledger.TrailAsync(from, Ct);
            Assert.Equal([OptOutAction.OptedOut, OptOutAction.OptedIn], trail.Select(e => e.Action));
            Assert.All(trail, e => Assert.Equal((OptOutSource.Keyword, from), (e.Source, e.Actor)));
            Assert.Equal(keyword.Trim().ToUpperInvariant(), trail[0].Detail);
        }
    }

    [Fact]
    public async Task HelpIsRecordedWithoutChangingTheStateAndOrdinaryRepliesAreNotKeywords()
    {
        var from = NewNumber();
        using (await SignedIncomingMessage.PostAsync(Tracker, from, "STOP"))
        using (await SignedIncomingMessage.PostAsync(Tracker, from, "help"))
        using (await SignedIncomingMessage.PostAsync(Tracker, from, "please stop texting me at night"))
        {
        }

        Assert.True(await Ledger.IsOptedOutAsync(from, Ct));
        Assert.Equal([OptOutAction.OptedOut, OptOutAction.HelpRequested], (await Ledger.TrailAsync(from, Ct)).Select(e => e.Action));
        Assert.Equal(3, (await Inbound.ListFromAsync(from, 10, Ct)).Count);
    }
}
