using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Web.Endpoints.Messages;
using SmsStatusTracker.Web.LiveFeed;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>
/// A sign-in cookie issued before a deactivation or demotion still authenticates until its security stamp is next
/// checked (here: not for ten minutes). Whatever it reaches meanwhile confirms the caller against the store first.
/// </summary>
public sealed class StaleSessionTests(StaleSessionTests.App app) : IClassFixture<StaleSessionTests.App>
{
    public sealed class App : IDisposable
    {
        public TrackerApp Tracker { get; } = new(new() { ["Auth:SessionValidationInterval"] = "00:10:00" });

        public void Dispose() => Tracker.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TrackerApp Tracker => app.Tracker;

    /// <summary>A signed-in session of a new user whose account is then changed by <paramref name="change"/>.</summary>
    private async Task<System.Net.CookieContainer> StaleSessionAsync(string role, Func<string, Task<AccountResult>> change)
    {
        var email = $"stale-{Guid.NewGuid():N}@example.com";
        var cookies = await Tracker.SignInAsync(email, role);
        var userId = (await Tracker.Accounts.FindByEmailAsync(email, Ct))!.Id;
        var changed = await change(userId);
        Assert.True(changed.Succeeded, changed.Error);
        return cookies;
    }

    private Task<System.Net.CookieContainer> DeactivatedSessionAsync(string role = AppRoles.Operator) =>
        StaleSessionAsync(role, userId => Tracker.Accounts.DeactivateAsync(userId, Ct));

    [Theory]
    [InlineData("/api/messages")]
    [InlineData("/api/messages/{id}")]
    public async Task AnApiReadWithACookieIssuedBeforeADeactivationIsRefused(string path)
    {
        var message = await Tracker.SendAsync("+15005550006", "not for the departed");
        using var client = Tracker.CreateBrowserClient(await DeactivatedSessionAsync());

        using var response = await client.GetAsync(path.Replace("{id}", message.Id.ToString()), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("not for the departed", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(MessageEndpoints.Path, path[..MessageEndpoints.Path.Length]);
    }

    [Fact]
    public async Task AHubConnectionWithACookieIssuedBeforeADeactivationIsClosedAtOnce()
    {
        var cookies = await DeactivatedSessionAsync();
        var heard = 0;
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Tracker.BaseAddress, MessagesHub.Path), options => options.Cookies = cookies)
            .Build();
        connection.On<System.Text.Json.JsonElement>(MessageFeedEvents.MessageChanged, _ => Interlocked.Increment(ref heard));
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        try
        {
            await connection.StartAsync(Ct);
            // Far sooner than the ten-minute revalidation: the hub itself refused the connection.
            await closed.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        }
        catch (HttpRequestException)
        {
            // Refused before the connection was even established: as good.
        }

        await Tracker.SendAsync("+15005550006", "after the deactivation");
        Assert.Equal(0, heard);
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    [Theory]
    [InlineData("/api-keys", AppRoles.Operator, "deactivate")]
    [InlineData("/admin/users", AppRoles.Admin, "deactivate")]
    [InlineData("/admin/users", AppRoles.Admin, "demote")]
    public async Task AManagementPageOpenedWithACookieIssuedBeforeTheChangeSendsTheBrowserToSignIn(string page, string role, string change)
    {
        // Another admin stays, so the change is allowed.
        await Tracker.ActorAsync($"keeper-{Guid.NewGuid():N}@example.com", AppRoles.Admin);
        var cookies = await StaleSessionAsync(role, userId => change == "demote"
            ? Tracker.Accounts.ChangeRoleAsync(userId, AppRoles.Operator, Ct)
            : Tracker.Accounts.DeactivateAsync(userId, Ct));
        using var client = Tracker.CreateBrowserClient(cookies);

        using var response = await client.GetAsync(page, Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location?.IsAbsoluteUri == true ? response.Headers.Location.AbsolutePath : response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }
}
