using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>
/// A request's handler reuses the check its endpoint filter just made, and nothing else does: not another permission,
/// not the code outside the request, not work still running a second later.
/// </summary>
public sealed class ActorCheckMemoTests(ActorCheckMemoTests.App app) : IClassFixture<ActorCheckMemoTests.App>
{
    public sealed class App : IDisposable
    {
        public TrackerApp Tracker { get; } = new();

        public void Dispose() => Tracker.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ActorAuthorizer Authorizer => app.Tracker.Services.GetRequiredService<ActorAuthorizer>();

    [Fact]
    public async Task ARememberedCheckAnswersForItsActorAndPermissionWithinTheRequestOnly()
    {
        var (actor, userId) = await OperatorAsync();

        var inside = await HandleAsync(actor, async () =>
        {
            Assert.True((await app.Tracker.Accounts.DeactivateAsync(userId, Ct)).Succeeded);
            return (
                Send: await Authorizer.CheckAsync(actor, AppPermission.SendMessages, Ct),
                View: await Authorizer.CheckAsync(actor, AppPermission.ViewMessages, Ct));
        });

        Assert.NotNull(inside.Send.User);
        Assert.Null(inside.View.User);
        Assert.Null((await Authorizer.CheckAsync(actor, AppPermission.SendMessages, Ct)).User);
    }

    [Fact]
    public async Task ARememberedCheckExpiresSoWorkThatOutlivesItsRequestAsksTheStoreAgain()
    {
        var (actor, userId) = await OperatorAsync();

        var later = await HandleAsync(actor, async () =>
        {
            Assert.True((await app.Tracker.Accounts.DeactivateAsync(userId, Ct)).Succeeded);
            await Task.Delay(ActorCheckMemo.Lifetime + TimeSpan.FromMilliseconds(200), Ct);
            return await Authorizer.CheckAsync(actor, AppPermission.SendMessages, Ct);
        });

        Assert.Equal("This account has been deactivated.", later.Refusal);
    }

    /// <summary>What <see cref="Web.Identity.RequireCurrentActorFilter"/> does: check, remember, then run the handler.</summary>
    private async Task<T> HandleAsync<T>(Actor actor, Func<Task<T>> handler)
    {
        var check = await Authorizer.CheckAsync(actor, AppPermission.SendMessages, Ct);
        Assert.NotNull(check.User);
        ActorCheckMemo.Remember(actor, AppPermission.SendMessages, check);
        return await handler();
    }

    private async Task<(Actor Actor, string UserId)> OperatorAsync()
    {
        var email = $"memo-{Guid.NewGuid():N}@example.com";
        var actor = await app.Tracker.ActorAsync(email, AppRoles.Operator);
        return (actor, actor.UserId);
    }
}
