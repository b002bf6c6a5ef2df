using Microsoft.Extensions.Time.Testing;
using SmsStatusTracker.Core.ApiKeys;

namespace SmsStatusTracker.Tests.ApiKeys;

/// <summary>What every API key store must do, through <see cref="ApiKeyService"/> as the app uses it.</summary>
public abstract class ApiKeyStoreContract : IAsyncLifetime
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 6, 1, 8, 0, 0, TimeSpan.Zero));

    protected abstract Task<IApiKeyStore> CreateStoreAsync();

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public abstract ValueTask DisposeAsync();

    [Fact]
    public async Task ACreatedKeyAuthenticatesAndOnlyItsHashIsStored()
    {
        var store = await CreateStoreAsync();
        var service = new ApiKeyService(store, Clock);

        var (key, token) = await service.CreateAsync("user-1", "deploy script", Ct);

        var stored = await store.FindAsync(key.Id, Ct);
        Assert.NotNull(stored);
        Assert.Equal("user-1", stored.UserId);
        Assert.Equal("deploy script", stored.Name);
        Assert.True(ApiKeySecret.TryParse(token, out var id, out var secret));
        Assert.Equal(key.Id, id);
        Assert.DoesNotContain(secret, stored.SecretHash, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, stored.Name + stored.UserId, StringComparison.Ordinal);
        Assert.Equal(key.Id, (await service.AuthenticateAsync(token, Ct))?.Id);
    }

    [Fact]
    public async Task ATamperedOrUnknownTokenDoesNotAuthenticate()
    {
        var store = await CreateStoreAsync();
        var service = new ApiKeyService(store, Clock);
        var (key, token) = await service.CreateAsync("user-1", "ci", Ct);
        var tampered = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');
        var (_, otherToken) = ApiKeySecret.Create(Guid.NewGuid());

        Assert.Null(await service.AuthenticateAsync(tampered, Ct));
        Assert.Null(await service.AuthenticateAsync(otherToken, Ct));
        Assert.Null(await service.AuthenticateAsync("sst_nonsense", Ct));
        Assert.Null(await service.AuthenticateAsync(null, Ct));
        Assert.NotNull(await service.AuthenticateAsync(token, Ct));
        Assert.Equal(key.Id, (await store.FindAsync(key.Id, Ct))!.Id);
    }

    [Fact]
    public async Task ARevokedKeyNoLongerAuthenticates()
    {
        var store = await CreateStoreAsync();
        var service = new ApiKeyService(store, Clock);
        var (key, token) = await service.CreateAsync("user-1", "old laptop", Ct);

        Assert.True(await service.RevokeAsync(key.Id, Ct));

        Assert.Null(await service.AuthenticateAsync(token, Ct));
        Assert.Equal(Clock.GetUtcNow(), (await store.FindAsync(key.Id, Ct))!.RevokedAt);
        Assert.False(await service.RevokeAsync(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task UseIsRecordedAtMostOnceAMinute()
    {
        var store = await CreateStoreAsync();
        var service = new ApiKeyService(store, Clock);
        var (key, token) = await service.CreateAsync("user-1", "poller", Ct);

        await service.AuthenticateAsync(token, Ct);
        var first = Clock.GetUtcNow();
        Clock.Advance(TimeSpan.FromSeconds(20));
        await service.AuthenticateAsync(token, Ct);
        Assert.Equal(first, (await store.FindAsync(key.Id, Ct))!.LastUsedAt);

        Clock.Advance(TimeSpan.FromMinutes(2));
        await service.AuthenticateAsync(token, Ct);
        Assert.Equal(Clock.GetUtcNow(), (await store.FindAsync(key.Id, Ct))!.LastUsedAt);
    }

    [Fact]
    public async Task KeysAreListedNewestFirstForOneUserOrAll()
    {
        var store = await CreateStoreAsync();
        var service = new ApiKeyService(store, Clock);
        await service.CreateAsync("alice", "a1", Ct);
        Clock.Advance(TimeSpan.FromSeconds(1));
        await service.CreateAsync("bob", "b1", Ct);
        Clock.Advance(TimeSpan.FromSeconds(1));
        await service.CreateAsync("alice", "a2", Ct);

        Assert.Equal(["a2", "a1"], (await store.ListAsync("alice", Ct)).Select(k => k.Name));
        Assert.Equal(["a2", "b1", "a1"], (await store.ListAsync(null, Ct)).Select(k => k.Name));
    }
}
