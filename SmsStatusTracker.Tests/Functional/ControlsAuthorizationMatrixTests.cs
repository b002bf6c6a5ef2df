using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.ApiKeys;
using SmsStatusTracker.Core.Sending;
using SmsStatusTracker.Web.Identity;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>
/// Every control that acts × every kind of actor, called the way the control calls the server (the same
/// service, the actor its page or request carries). Hiding a button is courtesy: these are the checks that hold
/// when the button is pressed anyway, or was on a page opened before the actor lost the right.
/// </summary>
public sealed class ControlsAuthorizationMatrixTests(ControlsAuthorizationMatrixTests.World world) : IClassFixture<ControlsAuthorizationMatrixTests.World>
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Admin = "admin";
    public const string DeactivatedAdmin = "admin deactivated after the page opened";
    public const string DemotedAdmin = "admin demoted to Operator after the page opened";
    public const string OperatorKey = "operator key";
    public const string ViewerKey = "viewer key";
    public const string RevokedKey = "revoked key";

    private static readonly string[] Actors = [Viewer, Operator, Admin, DeactivatedAdmin, DemotedAdmin, OperatorKey, ViewerKey, RevokedKey];

    /// <summary>Whether each actor (in the order of <see cref="Actors"/>) may use the control; null: the control is not reachable
    /// with that credential at all (pages take the sign-in cookie only; the HTTP matrix covers that).</summary>
    private static readonly Dictionary<string, bool?[]> Expected = new()
    {
        // Compose, REST and Send again all send through SmsSender.
        ["send"] = [false, true, true, false, false, true, false, false],
        ["create own API key"] = [true, true, true, false, false, null, null, null],
        ["revoke own API key"] = [true, true, true, false, false, null, null, null],
        ["revoke someone else's API key"] = [false, false, true, false, false, null, null, null],
        ["invite a user"] = [false, false, true, false, false, null, null, null],
        ["change a user's role"] = [false, false, true, false, false, null, null, null],
        ["deactivate a user"] = [false, false, true, false, false, null, null, null],
        ["reactivate a user"] = [false, false, true, false, false, null, null, null],
        ["send a sign-in link"] = [false, false, true, false, false, null, null, null],
        ["read the activity log"] = [false, false, true, false, false, null, null, null],
        ["change the opt-out ledger"] = [false, false, true, false, false, null, null, null],
        ["change alert rules"] = [false, false, true, false, false, null, null, null],
        ["simulate a reply"] = [false, true, true, false, false, true, false, false],
        ["register an outbound webhook"] = [false, false, true, false, false, null, null, null],
        ["disable an outbound webhook"] = [false, false, true, false, false, null, null, null],
        ["replay an outbound webhook"] = [false, false, true, false, false, null, null, null],
        // Scheduling is sending: compose and REST schedule through SmsSender, the details page and REST cancel through ScheduleCanceller.
        ["schedule a send"] = [false, true, true, false, false, true, false, false],
        ["cancel a scheduled send"] = [false, true, true, false, false, true, false, false],
        // Bulk jobs: create and control with the right to send; read progress with the right to view.
        ["create a bulk job"] = [false, true, true, false, false, true, false, false],
        ["pause, resume or cancel a bulk job"] = [false, true, true, false, false, true, false, false],
        ["read a bulk job's progress"] = [true, true, true, false, false, true, true, false],
    };

    public sealed class World : IAsyncLifetime
    {
        private readonly Dictionary<string, (Actor Actor, ClaimsPrincipal? Principal)> actors = [];

        public TrackerApp Tracker { get; } = new(new() { ["RateLimits:SendsPerUser"] = "1000" });

        public (Actor Actor, ClaimsPrincipal? Principal) Get(string kind) => actors[kind];

        public async ValueTask InitializeAsync()
        {
            // A standing admin, so the ones changed below are never the last.
            await Tracker.ActorAsync("keeper@controls.example.com", AppRoles.Admin);
            actors[Viewer] = await UserAsync("viewer@controls.example.com", AppRoles.Viewer);
            actors[Operator] = await UserAsync("operator@controls.example.com", AppRoles.Operator);
            actors[Admin] = await UserAsync("admin@controls.example.com", AppRoles.Admin);

            // Their pages (principals) were opened before the change.
            actors[DeactivatedAdmin] = await UserAsync("deactivated@controls.example.com", AppRoles.Admin);
            Assert.True((await Tracker.Accounts.DeactivateAsync(actors[DeactivatedAdmin].Actor.UserId, Ct)).Succeeded);
            actors[DemotedAdmin] = await UserAsync("demoted@controls.example.com", AppRoles.Admin);
            Assert.True((await Tracker.Accounts.ChangeRoleAsync(actors[DemotedAdmin].Actor.UserId, AppRoles.Operator, Ct)).Succeeded);

            actors[OperatorKey] = await KeyAsync("operator-key@controls.example.com", AppRoles.Operator, revoke: false);
            actors[ViewerKey] = await KeyAsync("viewer-key@controls.example.com", AppRoles.Viewer, revoke: false);
            actors[RevokedKey] = await KeyAsync("revoked-key@controls.example.com", AppRoles.Operator, revoke: true);
        }

        private async Task<(Actor, ClaimsPrincipal?)> UserAsync(string email, string role)
        {
            var userId = (await Tracker.ActorAsync(email, role)).UserId;
            var principal = await Tracker.Accounts.CreatePrincipalAsync(userId, Ct);
            Assert.NotNull(principal);
            return (principal.ToActor(), principal);
        }

        private async Task<(Actor, ClaimsPrincipal?)> KeyAsync(string email, string role, bool revoke)
        {
            var userId = (await Tracker.ActorAsync(email, role)).UserId;
            var keys = Tracker.Services.GetRequiredService<ApiKeyService>();
            var (key, _) = await keys.CreateAsync(userId, "controls", Ct);
            if (revoke)
            {
                await keys.RevokeAsync(key.Id, Ct);
            }

            var principal = await Tracker.Accounts.CreatePrincipalAsync(userId, Ct);
            return (principal.ToActor() with { ApiKeyId = key.Id }, null);
        }

        public ValueTask DisposeAsync()
        {
            Tracker.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TrackerApp Tracker => world.Tracker;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var (control, expected) in Expected)
        {
            for (var i = 0; i < Actors.Length; i++)
            {
                if (expected[i] is not null)
                {
                    data.Add(control, Actors[i]);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EveryControlActsForExactlyTheActorsAllowedToUseIt(string control, string actorKind)
    {
        var (actor, principal) = world.Get(actorKind);
        var expected = Expected[control][Array.IndexOf(Actors, actorKind)]!.Value;

        var acted = await UseAsync(control, actor, principal);

        Assert.True(acted == expected, $"{actorKind} → {control}: expected {(expected ? "allowed" : "refused")}, was {(acted ? "allowed" : "refused")}");
    }

    /// <summary>Uses the control as its page does; true when it acted, false when it was refused and changed nothing.</summary>
    private async Task<bool> UseAsync(string control, Actor actor, ClaimsPrincipal? principal)
    {
        var keys = Tracker.Services.GetRequiredService<ApiKeyManager>();
        var administration = Tracker.Services.GetRequiredService<AccountAdministration>();
        switch (control)
        {
            case "send":
                var before = (await Tracker.Store.ListAsync(new(), Ct)).Total;
                var body = $"controls {Guid.NewGuid():N}";
                var sent = await RefusedAsNullAsync(() => Tracker.Services.GetRequiredService<SmsSender>().SendAsync(new SendSmsRequest("+15005550006", body), actor, Ct));
                Assert.Equal(before + (sent is null ? 0 : 1), (await Tracker.Store.ListAsync(new(), Ct)).Total);
                return sent is not null;
            case "create own API key":
                var created = await RefusedAsNullAsync(() => keys.CreateAsync(principal!, "from the matrix", Ct));
                return created?.Token is not null;
            case "revoke own API key":
            case "revoke someone else's API key":
                var ownerId = control == "revoke own API key" ? actor.UserId : (await Tracker.ActorAsync($"other-{Guid.NewGuid():N}@controls.example.com")).UserId;
                var (key, _) = await Tracker.Services.GetRequiredService<ApiKeyService>().CreateAsync(ownerId, "target", Ct);
                var revocation = await RefusedAsNullAsync(async () => (object)await keys.RevokeAsync(principal!, key.Id, Ct));
                var revoked = (await Tracker.Services.GetRequiredService<ApiKeyService>().FindAsync(key.Id, Ct))!.IsRevoked;
                Assert.Equal(revoked, revocation is ApiKeyRevocation.Revoked);
                return revoked;
            case "invite a user":
                var email = $"invited-{Guid.NewGuid():N}@controls.example.com";
                var invited = await administration.InviteAsync(actor, email, AppRoles.Viewer, Ct);
                Assert.Equal(invited.Succeeded, await Tracker.Accounts.FindByEmailAsync(email, Ct) is not null);
                return invited.Succeeded;
            case "change a user's role":
                var target = (await Tracker.ActorAsync($"target-{Guid.NewGuid():N}@controls.example.com", AppRoles.Viewer)).UserId;
                var changed = await administration.ChangeRoleAsync(actor, target, AppRoles.Operator, Ct);
                Assert.Equal(changed.Succeeded, (await Tracker.Accounts.FindByIdAsync(target, Ct))!.Role == AppRoles.Operator);
                return changed.Succeeded;
            case "deactivate a user":
                var active = (await Tracker.ActorAsync($"target-{Guid.NewGuid():N}@controls.example.com")).UserId;
                var deactivated = await administration.DeactivateAsync(actor, active, Ct);
                Assert.Equal(deactivated.Succeeded, !(await Tracker.Accounts.FindByIdAsync(active, Ct))!.IsActive);
                return deactivated.Succeeded;
            case "reactivate a user":
                var inactive = (await Tracker.ActorAsync($"target-{Guid.NewGuid():N}@controls.example.com")).UserId;
                Assert.True((await Tracker.Accounts.DeactivateAsync(inactive, Ct)).Succeeded);
                var reactivated = await administration.ReactivateAsync(actor, inactive, Ct);
                Assert.Equal(reactivated.Succeeded, (await Tracker.Accounts.FindByIdAsync(inactive, Ct))!.IsActive);
                return reactivated.Succeeded;
            case "send a sign-in link":
                return await RefusedAsNullAsync(() => administration.AuthorizeSignInLinkAsync(actor, "someone@controls.example.com", Ct)) is not null;
            case "read the activity log":
                return await RefusedAsNullAsync(() => Tracker.Services.GetRequiredService<Core.ActivityLog.ActivityLogReader>().QueryAsync(actor, new(), Ct)) is not null;
            case "change the opt-out ledger":
                var ledger = Tracker.Services.GetRequiredService<SmsStatusTracker.Core.OptOuts.OptOutLedger>();
                var number = $"+1415555{Random.Shared.Next(100, 199):D4}";
                var ledgerChanged = await RefusedAsNullAsync(() => ledger.ChangeManuallyAsync(number, optOut: true, "matrix", actor, Ct));
                Assert.Equal(ledgerChanged is not null, (await ledger.TrailAsync(ledgerChanged?.Number ?? "", Ct)).Count == 1);
                return ledgerChanged is not null;
            case "change alert rules":
                var alertRules = Tracker.Services.GetRequiredService<SmsStatusTracker.Core.Alerts.AlertRuleAdministration>();
                var rule = SmsStatusTracker.Tests.Alerts.AlertStoreContract.Rule($"matrix {Guid.NewGuid():N}") with { Id = Guid.Empty };
                var saved = await RefusedAsNullAsync(() => alertRules.SaveAsync(rule, actor, Ct));
                var stored = await Tracker.Services.GetRequiredService<SmsStatusTracker.Core.Alerts.IAlertStore>().ListRulesAsync(Ct);
                Assert.Equal(saved is not null, stored.Any(r => r.Name == rule.Name));
                return saved is not null;
            case "simulate a reply":
                var replied = await RefusedAsNullAsync(async () => (object)await Tracker.Services.GetRequiredService<SmsStatusTracker.Web.Simulator.SimulatedReplies>().SendAsync("+14155550123", "matrix reply", actor, Ct));
                return replied is 200;
            case "register an outbound webhook":
            case "disable an outbound webhook":
            case "replay an outbound webhook":
                return await UseWebhookControlAsync(control, actor);
            case "schedule a send":
                var request = new SendSmsRequest("+15005550006", $"scheduled {Guid.NewGuid():N}", SendAt: DateTimeOffset.UtcNow.AddDays(1));
                var scheduled = await RefusedAsNullAsync(() => Tracker.Services.GetRequiredService<SmsSender>().SendAsync(request, actor, Ct));
                Assert.Equal(scheduled is not null, (await Tracker.Store.ListAsync(new() { Search = request.Body }, Ct)).Total == 1);
                return scheduled?.Status == Core.Messages.MessageStatus.Scheduled;
            case "cancel a scheduled send":
                var held = await Tracker.Services.GetRequiredService<SmsSender>().SendAsync(
                    new SendSmsRequest("+15005550006", "to cancel", SendAt: DateTimeOffset.UtcNow.AddDays(1)), await Tracker.ActorAsync(TrackerApp.TestSenderEmail), Ct);
                var cancel = await RefusedAsNullAsync(() => Tracker.Services.GetRequiredService<Core.Scheduling.ScheduleCanceller>().CancelAsync(held.Id, actor, Ct));
                var afterCancel = (await Tracker.Store.FindAsync(held.Id, Ct))!.Status;
                Assert.Equal(cancel?.Message is not null, afterCancel == Core.Messages.MessageStatus.Canceled);
                return cancel?.Message is not null;
            case "create a bulk job":
                var bulk = Tracker.Services.GetRequiredService<SmsStatusTracker.Core.Bulk.BulkJobService>();
                var listed = (await bulk.ListAsync(await Tracker.ActorAsync("keeper@controls.example.com"), 1000, Ct)).Count;
                var job = await RefusedAsNullAsync(async () => (object)(await bulk.CreateAsync([new(1, "+14155550123", "matrix bulk")], "matrix.csv", actor, Ct)).Job);
                Assert.Equal(listed + (job is null ? 0 : 1), (await bulk.ListAsync(await Tracker.ActorAsync("keeper@controls.example.com"), 1000, Ct)).Count);
                return job is not null;
            case "pause, resume or cancel a bulk job":
                var jobs = Tracker.Services.GetRequiredService<SmsStatusTracker.Core.Bulk.BulkJobService>();
                var keeper = await Tracker.ActorAsync("keeper@controls.example.com");
                var (controlled, _) = await jobs.CreateAsync([new(1, "+14155550124", "matrix control")], "matrix.csv", keeper, Ct);
                var canceled = await RefusedAsNullAsync(() => jobs.CancelAsync(controlled.Id, actor, Ct));
                var state = (await jobs.GetAsync(controlled.Id, keeper, Ct))!.Value.Job.State;
                Assert.Equal(canceled is not null, state == SmsStatusTracker.Core.Bulk.BulkJobState.Canceled);
                return canceled is not null;
            case "read a bulk job's progress":
                var reader = Tracker.Services.GetRequiredService<SmsStatusTracker.Core.Bulk.BulkJobService>();
                var (readable, _) = await reader.CreateAsync([new(1, "+14155550125", "matrix read")], "matrix.csv", await Tracker.ActorAsync("keeper@controls.example.com"), Ct);
                return await RefusedAsNullAsync(async () => (object)(await reader.GetAsync(readable.Id, actor, Ct))!.Value.Progress) is not null;
            default:
                throw new ArgumentOutOfRangeException(nameof(control), control, null);
        }
    }

    private async Task<bool> UseWebhookControlAsync(string control, Actor actor)
    {
        var webhooks = Tracker.Services.GetRequiredService<Core.OutboundWebhooks.OutboundWebhookAdministration>();
        var outbox = Tracker.Services.GetRequiredService<Core.OutboundWebhooks.IOutboxStore>();
        var keeper = await Tracker.ActorAsync("keeper@controls.example.com", AppRoles.Admin);
        var before = (await outbox.ListEndpointsAsync(Ct)).Count;
        if (control == "register an outbound webhook")
        {
            var registered = await RefusedAsNullAsync(async () => (object)await webhooks.RegisterAsync(actor, "http://127.0.0.1:9/matrix", Core.OutboundWebhooks.WebhookSubscription.Alerts, Ct));
            Assert.Equal(before + (registered is null ? 0 : 1), (await outbox.ListEndpointsAsync(Ct)).Count);
            return registered is not null;
        }

        var (endpoint, _) = await webhooks.RegisterAsync(keeper, "http://127.0.0.1:9/matrix", Core.OutboundWebhooks.WebhookSubscription.Alerts, Ct);
        if (control == "disable an outbound webhook")
        {
            var disabled = await RefusedAsNullAsync(async () => (object)await webhooks.SetEnabledAsync(actor, endpoint.Id, false, Ct));
            Assert.Equal(disabled is not null, !(await outbox.FindEndpointAsync(endpoint.Id, Ct))!.Enabled);
            return disabled is not null;
        }

        return await RefusedAsNullAsync(async () => (object)await webhooks.ReplayAsync(actor, endpoint.Id, DateTimeOffset.UnixEpoch, Ct)) is not null;
    }

    private static async Task<T?> RefusedAsNullAsync<T>(Func<Task<T>> act) where T : class
    {
        try
        {
            return await act();
        }
        catch (ActionNotAllowedException)
        {
            return null;
        }
    }
}
