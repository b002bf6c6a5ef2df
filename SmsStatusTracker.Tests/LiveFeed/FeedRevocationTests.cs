using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.ApiKeys;
using SmsStatusTracker.Tests.Functional;
using SmsStatusTracker.Web.LiveFeed;

namespace SmsStatusTracker.Tests.LiveFeed;

/// <summary>
/// Connections opened before a change of account, key or role: the hub closes them within
/// <c>Auth:SessionValidationInterval</c>, they receive nothing after, and what they send is refused at once.
/// </summary>
public sealed class FeedRevocationTests(FeedRevocationTests.App app) : IClassFixture<FeedRevocationTests.App>
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    // Interval plus slack for a busy two-core machine.
    private static readonly TimeSpan Deadline = Interval + TimeSpan.FromSeconds(6);

    public sealed class App : IDisposable
    {
        public TrackerApp Tracker { get; } = new(new()
        {
            ["Auth:SessionValidationInterval"] = "00:00:01",
            ["RateLimits:SendsPerUser"] = "1000",
        });

        public void Dispose() => Tracker.Dispose();
    }

    private TrackerApp Tracker => app.Tracker;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public enum Change
    {
        Deactivate,
        RevokeKey,
        DemoteToViewer,
    }

    [Theory]
    [InlineData(Change.Deactivate, false)]
    [InlineData(Change.Deactivate, true)]
    [InlineData(Change.RevokeKey, true)]
    [InlineData(Change.DemoteToViewer, false)]
    [InlineData(Change.DemoteToViewer, true)]
    public async Task AConnectionOpenedBeforeTheChangeIsClosedAndHearsNothingAfter(Change change, bool withApiKey)
    {
        var (userId, listener) = await ListenerAsync(withApiKey);
        var (_, bystander) = await ListenerAsync(withApiKey: false);
        await using var _1 = listener.Connection;
        await using var _2 = bystander.Connection;

        await ApplyAsync(change, userId, listener.KeyId);
        await listener.Closed.Task.WaitAsync(Deadline, Ct);

        var sent = await Tracker.SendAsync("+15005550006", $"after {change}");
        await LiveFeedTests.WaitUntilAsync(() => bystander.Seen.Contains(sent.Id));
        Assert.DoesNotContain(sent.Id, listener.Seen);
        Assert.Equal(HubConnectionState.Connected, bystander.Connection.State);
    }

    [Fact]
    public async Task ABatchedConnectionOfARevokedKeyIsClosedAndHearsNothingAfter()
    {
        var (userId, listener) = await ListenerAsync(withApiKey: true, batched: true);
        var (_, bystander) = await ListenerAsync(withApiKey: false, batched: true);
        await using var _1 = listener.Connection;
        await using var _2 = bystander.Connection;

        await ApplyAsync(Change.RevokeKey, userId, listener.KeyId);
        await listener.Closed.Task.WaitAsync(Deadline, Ct);

        var sent = await Tracker.SendAsync("+15005550006", "after revoking a batched listener's key");
        await LiveFeedTests.WaitUntilAsync(() => bystander.Seen.Contains(sent.Id));
        Assert.DoesNotContain(sent.Id, listener.Seen);
        Assert.Equal(HubConnectionState.Connected, bystander.Connection.State);
    }

    [Theory]
    [InlineData(Change.Deactivate, false)]
    [InlineData(Change.DemoteToViewer, false)]
    [InlineData(Change.RevokeKey, true)]
    [InlineData(Change.DemoteToViewer, true)]
    public async Task ASendRightAfterTheChangeIsRefusedAndStoresNothing(Change change, bool withApiKey)
    {
        var email = $"sender-{Guid.NewGuid():N}@example.com";
        using var client = withApiKey ? Tracker.CreateHttpClient() : Tracker.CreateBrowserClient(await Tracker.SignInAsync(email, AppRoles.Operator));
        var userId = (await Tracker.Accounts.FindByEmailAsync(email, Ct))?.Id ?? (await Tracker.ActorAsync(email)).UserId;
        Guid? keyId = null;
        if (withApiKey)
        {
            var (key, token) = await Tracker.Services.GetRequiredService<ApiKeyService>().CreateAsync(userId, "script", Ct);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            keyId = key.Id;
        }

        var before = (await Tracker.Store.ListAsync(new(), Ct)).Total;
        await ApplyAsync(change, userId, keyId);
        using var response = await client.PostAsJsonAsync("/api/messages", new { to = "+15005550006", body = $"after {change}" }, Ct);

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, (await Tracker.Store.ListAsync(new(), Ct)).Total);
    }

    [Fact]
    public async Task AnApiKeySendRecordsTheOwnerAndTheKeyName()
    {
        var email = $"owner-{Guid.NewGuid():N}@example.com";
        var owner = await Tracker.ActorAsync(email);
        var (_, token) = await Tracker.Services.GetRequiredService<ApiKeyService>().CreateAsync(owner.UserId, "nightly report", Ct);
        using var client = Tracker.CreateHttpClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await client.PostAsJsonAsync("/api/messages", new { to = "+15005550006", body = "from a key" }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct)).GetProperty("id").GetGuid();
        Assert.Equal($"{email} (API key \"nightly report\")", (await Tracker.Store.FindAsync(id, Ct))!.SentBy);
    }

    private async Task ApplyAsync(Change change, string userId, Guid? keyId)
    {
        switch (change)
        {
            case Change.Deactivate:
                Assert.True((await Tracker.Accounts.DeactivateAsync(userId, Ct)).Succeeded);
                break;
            case Change.RevokeKey:
                Assert.True(await Tracker.Services.GetRequiredService<ApiKeyService>().RevokeAsync(keyId!.Value, Ct));
                break;
            case Change.DemoteToViewer:
                Assert.True((await Tracker.Accounts.ChangeRoleAsync(userId, AppRoles.Viewer, Ct)).Succeeded);
                break;
        }
    }

    private async Task<(string UserId, Listener Listener)> ListenerAsync(bool withApiKey, bool batched = false)
    {
        var email = $"listener-{Guid.NewGuid():N}@example.com";
        var cookies = await Tracker.SignInAsync(email, AppRoles.Operator);
        var userId = (await Tracker.Accounts.FindByEmailAsync(email, Ct))!.Id;
        Guid? keyId = null;
        string? token = null;
        if (withApiKey)
        {
            ApiKey key;
            (key, token) = await Tracker.Services.GetRequiredService<ApiKeyService>().CreateAsync(userId, "listener", Ct);
            keyId = key.Id;
        }

        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Tracker.BaseAddress, batched ? MessagesHub.BatchedPath : MessagesHub.Path), options =>
            {
                if (token is null)
                {
                    options.Cookies = cookies;
                }
                else
                {
                    options.Headers["Authorization"] = "Bearer " + token;
                }
            })
            .AddJsonProtocol(options => options.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()))
            .Build();
        var listener = new Listener(connection, keyId);
        connection.On<MessageChangedEvent>(MessageFeedEvents.MessageChanged, change => listener.Seen.Add(change.Message.Id));
        connection.On<MessagesChangedEvent>(MessageFeedEvents.MessagesChanged, frame =>
        {
            foreach (var change in frame.Changes)
            {
                listener.Seen.Add(change.Message.Id);
            }
        });
        connection.Closed += exception =>
        {
            listener.Closed.TrySetResult(exception);
            return Task.CompletedTask;
        };
        await connection.StartAsync(Ct);
        return (userId, listener);
    }

    public sealed record Listener(HubConnection Connection, Guid? KeyId)
    {
        public ConcurrentBag<Guid> Seen { get; } = [];

        public TaskCompletionSource<Exception?> Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
