using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SmsStatusTracker.Core.Accounts;
using SmsStatusTracker.Core.ApiKeys;
using SmsStatusTracker.Core.Storage.Sqlite;

namespace SmsStatusTracker.Tests.Functional;

/// <summary>
/// An API key request reads its key, owner and role from the store once: authentication confirms the caller and the
/// endpoint's permission filter decides from that confirmation, within the same request only.
/// </summary>
public sealed class ApiKeyConfirmationTests : IDisposable
{
    private readonly TrackerApp tracker = new(configureServices: services =>
        services.AddSingleton<IApiKeyStore>(sp => new CountingApiKeyStore(ActivatorUtilities.CreateInstance<SqliteApiKeyStore>(sp))));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private CountingApiKeyStore Keys => (CountingApiKeyStore)tracker.Services.GetRequiredService<IApiKeyStore>();

    [Fact]
    public async Task ASendWithAnApiKeyReadsTheKeyOnce()
    {
        using var client = await ClientAsync(AppRoles.Operator);
        var before = Keys.Finds;

        using var response = await client.PostAsJsonAsync("/api/messages", new { to = "+15005550006", body = "one read" }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(before + 1, Keys.Finds);
    }

    [Fact]
    public async Task TheConfirmedRoleStillDecidesEachEndpointsPermission()
    {
        using var client = await ClientAsync(AppRoles.Viewer);

        using var list = await client.GetAsync("/api/messages", Ct);
        using var send = await client.PostAsJsonAsync("/api/messages", new { to = "+15005550006", body = "not allowed" }, Ct);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, send.StatusCode);
    }

    [Fact]
    public async Task TheNextRequestConfirmsAgainSoARevokedKeyIsRefusedAtOnce()
    {
        using var client = await ClientAsync(AppRoles.Operator);
        using var first = await client.GetAsync("/api/messages", Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        var keyId = (await Keys.ListAsync(null, Ct)).Single(k => !k.IsRevoked).Id;
        Assert.True(await tracker.Services.GetRequiredService<ApiKeyService>().RevokeAsync(keyId, Ct));
        using var second = await client.GetAsync("/api/messages", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
    }

    private async Task<HttpClient> ClientAsync(string role)
    {
        var actor = await tracker.ActorAsync($"confirm-{Guid.NewGuid():N}@example.com", role);
        var (_, token) = await tracker.Services.GetRequiredService<ApiKeyService>().CreateAsync(actor.UserId, "script", Ct);
        var client = tracker.CreateHttpClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public void Dispose() => tracker.Dispose();

    private sealed class CountingApiKeyStore(IApiKeyStore inner) : IApiKeyStore
    {
        private int finds;

        public int Finds => Volatile.Read(ref finds);

        public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

        public Task AddAsync(ApiKey key, CancellationToken cancellationToken) => inner.AddAsync(key, cancellationToken);

        public Task<ApiKey?> FindAsync(Guid id, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref finds);
            return inner.FindAsync(id, cancellationToken);
        }

        public Task<IReadOnlyList<ApiKey>> ListAsync(string? userId, CancellationToken cancellationToken) => inner.ListAsync(userId, cancellationToken);

        public Task<bool> RevokeAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken) => inner.RevokeAsync(id, at, cancellationToken);

        public Task RecordUseAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken) => inner.RecordUseAsync(id, at, cancellationToken);
    }
}
