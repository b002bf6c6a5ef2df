using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.OptOuts;
using SmsStatusTracker.Core.Sending;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Web.Endpoints.StatusCallbacks;
using SmsStatusTracker.Web.Simulator;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>
/// The ledger enforced end to end: a send to an opted-out number is refused before anything is stored or Twilio (the
/// simulator) is called, and Twilio's 21610 — as a refusal or in a status callback — opts the number out.
/// </summary>
public sealed class OptOutEnforcementTests(OptOutEnforcementTests.App app) : IClassFixture<OptOutEnforcementTests.App>
{
    public sealed class App : IDisposable
    {
        public TrackerApp Tracker { get; } = new(new() { ["RateLimits:SendsPerUser"] = "1000" });

        public void Dispose() => Tracker.Dispose();
    }

    private TrackerApp Tracker => app.Tracker;

    private OptOutLedger Ledger => Tracker.Services.GetRequiredService<OptOutLedger>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<long> CountToAsync(string to) => (await Tracker.Store.ListAsync(new MessageQuery { To = to }, Ct)).Total;

    [Fact]
    public async Task RestSendToAnOptedOutNumberIs422WithACodeAndNothingIsStoredOrSent()
    {
        const string to = "+14155550123";
        using (await SignedIncomingMessage.PostAsync(Tracker, to, "STOP"))
        {
        }

        var cookies = await Tracker.SignInAsync("rest-sender@optouts.example.com", AppRoles.Operator);
        using var client = Tracker.CreateBrowserClient(cookies);
        var sentBefore = Tracker.Ledger.Messages.Count;

        using var response = await client.PostAsJsonAsync("/api/messages", new { to, body = "Your table is ready" }, Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(RecipientOptedOutException.Code, problem.RootElement.GetProperty("code").GetString());
        Assert.Equal(0, await CountToAsync(to));
        Assert.Equal(sentBefore, Tracker.Ledger.Messages.Count);
        var suppressed = (await Ledger.TrailAsync(to, Ct))[^1];
        Assert.Equal((OptOutAction.Suppressed, OptOutSource.Send, "rest-sender@optouts.example.com"), (suppressed.Action, suppressed.Source, suppressed.Actor));
    }

    [Fact]
    public async Task AfterStartTheSameNumberCanBeTextedAgain()
    {
        const string to = "+14155550199";
        using (await SignedIncomingMessage.PostAsync(Tracker, to, "STOP"))
        using (await SignedIncomingMessage.PostAsync(Tracker, to, "START"))
        {
        }

        var sent = await Tracker.SendAsync(to, "Welcome back");

        Assert.Equal(1, await CountToAsync(to));
        Assert.NotEqual(MessageStatus.Failed, sent.Status);
    }

    [Fact]
    public async Task ATwilio21610RefusalOptsTheNumberOutAndTheNextSendIsRefusedBeforeTwilio()
    {
        // The simulator refuses this test number with 21610, as Twilio does for a recipient who unsubscribed there.
        const string to = "+15005550004";

        var refused = await Tracker.SendAsync(to, "first try");

        Assert.Equal((MessageStatus.Failed, 21610), (refused.Status, refused.ErrorCode));
        Assert.True(await Ledger.IsOptedOutAsync(to, Ct));
        Assert.Equal(OptOutSource.Twilio21610, (await Ledger.TrailAsync(to, Ct))[0].Source);
        var sentBefore = Tracker.Ledger.Messages.Count;
        await Assert.ThrowsAsync<RecipientOptedOutException>(() => Tracker.SendAsync(to, "second try"));
        Assert.Equal(1, await CountToAsync(to));
        Assert.Equal(sentBefore, Tracker.Ledger.Messages.Count);
    }

    [Fact]
    public async Task AStatusCallbackCarrying21610OptsTheRecipientOutOnceHoweverOftenItIsRepeated()
    {
        // Numbers of their own: the tests of this class share one app, and its ledger.
        var message = await Tracker.AddQueuedMessageAsync(to: "+14155550121");
        using var http = Tracker.CreateHttpClient();
        var url = new Uri(Tracker.BaseAddress, StatusCallbackRoute.PathFor(message.Id));

        for (var i = 0; i < 2; i++)
        {
            using var response = await http.SendAsync(SignedCallback.Request(url, SignedCallback.Form(message.Sid!, "failed", 21610)), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.True(await Ledger.IsOptedOutAsync(message.To, Ct));
        var entry = Assert.Single(await Ledger.TrailAsync(message.To, Ct));
        Assert.Equal((OptOutAction.OptedOut, OptOutSource.Twilio21610, "Twilio"), (entry.Action, entry.Source, entry.Actor));
    }

    [Fact]
    public async Task ACallbackWithAnotherErrorLeavesTheLedgerAlone()
    {
        var message = await Tracker.AddQueuedMessageAsync(to: "+14155550122");
        using var http = Tracker.CreateHttpClient();

        using var response = await http.SendAsync(SignedCallback.Request(new Uri(Tracker.BaseAddress, StatusCallbackRoute.PathFor(message.Id)), SignedCallback.Form(message.Sid!, "undelivered", 30003)), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await Ledger.TrailAsync(message.To, Ct));
    }

    [Fact]
    public async Task AnAdminRemovesAnOptOutOnlyWithAReasonAndTheTrailSaysWhoAndWhy()
    {
        const string to = "+14155552671";
        using (await SignedIncomingMessage.PostAsync(Tracker, to, "QUIT"))
        {
        }

        var admin = await Tracker.ActorAsync("ledger-admin@optouts.example.com", AppRoles.Admin);

        var missingReason = await Assert.ThrowsAsync<SendSmsValidationException>(() => Ledger.ChangeManuallyAsync(to, optOut: false, "  ", admin, Ct));
        Assert.True(missingReason.Errors.ContainsKey("reason"));
        Assert.True(await Ledger.IsOptedOutAsync(to, Ct));

        var changed = await Ledger.ChangeManuallyAsync(to, optOut: false, "Customer asked by phone to resume reminders", admin, Ct);

        Assert.False(changed.OptedOut);
        var last = (await Ledger.TrailAsync(to, Ct))[^1];
        Assert.Equal((OptOutAction.OptedIn, OptOutSource.Manual, "ledger-admin@optouts.example.com", "Customer asked by phone to resume reminders"), (last.Action, last.Source, last.Actor, last.Detail));
    }

    [Theory]
    [InlineData(AppRoles.Viewer)]
    [InlineData(AppRoles.Operator)]
    public async Task OnlyAnAdminMayChangeOrImportTheLedger(string role)
    {
        const string to = "+15551230001";
        var actor = await Tracker.ActorAsync($"{role.ToLowerInvariant()}-ledger@optouts.example.com", role);

        await Assert.ThrowsAsync<ActionNotAllowedException>(() => Ledger.ChangeManuallyAsync(to, optOut: true, "testing", actor, Ct));
        await Assert.ThrowsAsync<ActionNotAllowedException>(() => Ledger.ImportAsync([(to, "import")], actor, Ct));

        Assert.Empty(await Ledger.TrailAsync(to, Ct));
    }

    [Theory]
    [InlineData(AppRoles.Viewer, false)]
    [InlineData(AppRoles.Operator, true)]
    [InlineData(AppRoles.Admin, true)]
    public async Task TheReplySimulatorActsOnlyForThoseWhoMaySend(string role, bool allowed)
    {
        var from = role switch { AppRoles.Viewer => "+14155550100", AppRoles.Operator => "+15017122661", _ => "+14155550101" };
        var cookies = await Tracker.SignInAsync($"{role.ToLowerInvariant()}-replies@optouts.example.com", role);
        using var client = Tracker.CreateBrowserClient(cookies);

        using var response = await client.PostAsJsonAsync(SimulatedReplyEndpoints.Path, new { from, body = "STOP" }, Ct);

        Assert.True((allowed ? HttpStatusCode.OK : HttpStatusCode.Forbidden) == response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
        var inbound = await Tracker.Services.GetRequiredService<SmsStatusTracker.Core.Inbound.IInboundMessageStore>().ListFromAsync(from, 10, Ct);
        Assert.Equal(allowed ? 1 : 0, inbound.Count);
        Assert.Equal(allowed, await Ledger.IsOptedOutAsync(from, Ct));
        if (allowed)
        {
            Assert.Equal(200, (await response.Content.ReadFromJsonAsync<SimulatedReplyEndpoints.ReplyResult>(Ct))!.WebhookStatus);
        }
    }
}
