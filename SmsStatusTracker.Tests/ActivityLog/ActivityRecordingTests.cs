using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.ActivityLog;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Sending;
using SmsStatusTracker.Tests.Functional;
using SmsStatusTracker.Tests.Infrastructure;
using SmsStatusTracker.Web.Identity;

namespace SmsStatusTracker.Tests.ActivityLog;

/// <summary>
/// Each action, done the way its page or request does it, writes exactly one entry naming who did it (and an
/// action that was refused or changed nothing writes none). Every test acts as its own fresh admin and reads the
/// entries whose actor is them, so the tests share one app.
/// </summary>
public sealed class ActivityRecordingTests(ActivityRecordingTests.App app) : IClassFixture<ActivityRecordingTests.App>
{
    public sealed class App : IDisposable
    {
        public TrackerApp Tracker { get; } = new(new() { ["RateLimits:SendsPerUser"] = "1000" });

        public void Dispose() => Tracker.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TrackerApp Tracker => app.Tracker;

    private AccountAdministration Administration => Tracker.Services.GetRequiredService<AccountAdministration>();

    private async Task<(Actor Actor, ClaimsPrincipal Principal, string Email)> PersonAsync(string role = AppRoles.Admin)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@activity.example.com";
        var userId = (await Tracker.ActorAsync(email, role)).UserId;
        var principal = await Tracker.Accounts.CreatePrincipalAsync(userId, Ct);
        return (principal.ToActor(), principal!, email);
    }

    private async Task<IReadOnlyList<ActivityEntry>> EntriesByAsync(string actor) =>
        (await Tracker.Services.GetRequiredService<IActivityLog>().QueryAsync(new ActivityQuery { Actor = actor }, Ct)).Entries;

    private async Task<ActivityEntry> OnlyEntryByAsync(string actor) => Assert.Single(await EntriesByAsync(actor));

    [Fact]
    public async Task AnInvitationIsRecordedOnceWithTheAdminAsActor()
    {
        var (admin, _, email) = await PersonAsync();
        var invitee = $"new-{Guid.NewGuid():N}@activity.example.com";

        Assert.True((await Administration.InviteAsync(admin, invitee, AppRoles.Operator, Ct)).Succeeded);

        var entry = await OnlyEntryByAsync(email);
        Assert.Equal((email, ActivityKind.Invite, invitee, "as Operator"), (entry.Actor, entry.Kind, entry.Target, entry.Detail));
    }

    [Fact]
    public async Task ARoleChangeIsRecordedOnceAndARepeatOfTheSameRoleNotAtAll()
    {
        var (admin, _, email) = await PersonAsync();
        var target = await PersonAsync(AppRoles.Viewer);

        Assert.True((await Administration.ChangeRoleAsync(admin, target.Actor.UserId, AppRoles.Operator, Ct)).Succeeded);
        Assert.True((await Administration.ChangeRoleAsync(admin, target.Actor.UserId, AppRoles.Operator, Ct)).Succeeded);

        var entry = await OnlyEntryByAsync(email);
        Assert.Equal((ActivityKind.RoleChange, target.Email, "Viewer → Operator"), (entry.Kind, entry.Target, entry.Detail));
    }

    [Fact]
    public async Task ADeactivationAndAReactivationAreRecordedOnceEach()
    {
        var (admin, _, email) = await PersonAsync();
        var target = await PersonAsync(AppRoles.Operator);

        Assert.True((await Administration.DeactivateAsync(admin, target.Actor.UserId, Ct)).Succeeded);
        Assert.True((await Administration.DeactivateAsync(admin, target.Actor.UserId, Ct)).Succeeded);
        Assert.True((await Administration.ReactivateAsync(admin, target.Actor.UserId, Ct)).Succeeded);

        var entries = await EntriesByAsync(email);
        Assert.Equal([(ActivityKind.Reactivate, target.Email), (ActivityKind.Deactivate, target.Email)], entries.Select(e => (e.Kind, e.Target)));
    }

    [Fact]
    public async Task ASignInLinkSentByAnAdminIsRecorded()
    {
        var (admin, _, email) = await PersonAsync();
        var target = await PersonAsync(AppRoles.Viewer);

        await Administration.AuthorizeSignInLinkAsync(admin, target.Email, Ct);

        var entry = await OnlyEntryByAsync(email);
        Assert.Equal((ActivityKind.SignInLinkSent, target.Email), (entry.Kind, entry.Target));
    }

    [Fact]
    public async Task ARefusedAdminActionRecordsNothing()
    {
        var (operatorActor, _, email) = await PersonAsync(AppRoles.Operator);

        Assert.False((await Administration.InviteAsync(operatorActor, $"nope-{Guid.NewGuid():N}@activity.example.com", AppRoles.Admin, Ct)).Succeeded);
        await Assert.ThrowsAsync<ActionNotAllowedException>(() => Administration.AuthorizeSignInLinkAsync(operatorActor, "x@activity.example.com", Ct));

        Assert.Empty(await EntriesByAsync(email));
    }

    [Fact]
    public async Task SigningInWithAnEmailedLinkIsRecordedAsTheUser()
    {
        var email = $"signin-{Guid.NewGuid():N}@activity.example.com";

        await Tracker.SignInAsync(email, AppRoles.Viewer);

        var entry = await OnlyEntryByAsync(email);
        Assert.Equal((email, ActivityKind.SignIn, email), (entry.Actor, entry.Kind, entry.Target));
    }

    [Fact]
    public async Task CreatingAndRevokingAnApiKeyAreRecordedOnceEachWithTheKeyName()
    {
        var (_, principal, email) = await PersonAsync(AppRoles.Operator);
        var keys = Tracker.Services.GetRequiredService<ApiKeyManager>();

        var created = await keys.CreateAsync(principal, "nightly export", Ct);
        Assert.Equal(ApiKeyRevocation.Revoked, await keys.RevokeAsync(principal, created.Key!.Id, Ct));
        Assert.Equal(ApiKeyRevocation.Revoked, await keys.RevokeAsync(principal, created.Key!.Id, Ct));

        var entries = await EntriesByAsync(email);
        Assert.Equal([(ActivityKind.ApiKeyRevoked, "nightly export"), (ActivityKind.ApiKeyCreated, "nightly export")], entries.Select(e => (e.Kind, e.Target)));
        Assert.All(entries, e => Assert.Equal(email, e.Actor));
    }

    [Fact]
    public async Task AnAdminRevokingSomeoneElsesKeyIsTheActorAndTheOwnerIsNamed()
    {
        var (_, adminPrincipal, adminEmail) = await PersonAsync();
        var (_, ownerPrincipal, ownerEmail) = await PersonAsync(AppRoles.Viewer);
        var keys = Tracker.Services.GetRequiredService<ApiKeyManager>();
        var created = await keys.CreateAsync(ownerPrincipal, "their key", Ct);

        Assert.Equal(ApiKeyRevocation.Revoked, await keys.RevokeAsync(adminPrincipal, created.Key!.Id, Ct));

        var entry = await OnlyEntryByAsync(adminEmail);
        Assert.Equal((ActivityKind.ApiKeyRevoked, "their key"), (entry.Kind, entry.Target));
        Assert.Contains(ownerEmail, entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASendThroughAnApiKeyIsRecordedOnceWithTheKeyInTheActor()
    {
        var (actor, _, email) = await PersonAsync(AppRoles.Operator);
        var (key, _) = await Tracker.Services.GetRequiredService<Core.ApiKeys.ApiKeyService>().CreateAsync(actor.UserId, "ci", Ct);

        var message = await Tracker.Services.GetRequiredService<SmsSender>()
            .SendAsync(new SendSmsRequest("+15005550006", "activity"), actor with { ApiKeyId = key.Id }, Ct);

        var entry = await OnlyEntryByAsync(email);
        Assert.Equal(($"{email} (API key \"ci\")", ActivityKind.Send, message.Id.ToString()), (entry.Actor, entry.Kind, entry.Target));
        Assert.Equal(message.SentBy, entry.Actor);
    }

    [Fact]
    public async Task SendingAgainIsRecordedAsAResendOfTheOriginal()
    {
        var (actor, _, email) = await PersonAsync(AppRoles.Operator);
        var original = TestMessages.Stored(1, MessageStatus.Undelivered, sid: $"SM{Guid.NewGuid():N}", to: "+15005550006", errorCode: 30008);
        await Tracker.Store.AddAsync(original, Ct);

        var resent = await Tracker.Services.GetRequiredService<SmsSender>()
            .SendAsync(new SendSmsRequest(original.To, original.Body, ResentFromId: original.Id), actor, Ct);

        var entry = await OnlyEntryByAsync(email);
        Assert.Equal((ActivityKind.Resend, resent.Id.ToString()), (entry.Kind, entry.Target));
        Assert.Contains(original.Id.ToString(), entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefusedSendRecordsNothing()
    {
        var (viewer, _, email) = await PersonAsync(AppRoles.Viewer);

        await Assert.ThrowsAsync<ActionNotAllowedException>(() => Tracker.Services.GetRequiredService<SmsSender>()
            .SendAsync(new SendSmsRequest("+15005550006", "no"), viewer, Ct));

        Assert.Empty(await EntriesByAsync(email));
    }
}
