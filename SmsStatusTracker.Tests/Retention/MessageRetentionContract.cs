using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Retention;
using SmsStatusTracker.Core.Storage;
using static SmsStatusTracker.Tests.Infrastructure.TestMessages;

namespace SmsStatusTracker.Tests.Retention;

/// <summary>What every <see cref="IMessageRetention"/> adapter must do, checked through the adapter's own message store.</summary>
public abstract class MessageRetentionContract : IAsyncLifetime
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A fresh, initialised message store and the retention adapter over the same database; skips when the engine is missing.</summary>
    protected abstract Task<(IMessageStore Store, IMessageRetention Retention)> CreateAsync();

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public abstract ValueTask DisposeAsync();

    [Fact]
    public async Task BodiesOfMessagesCreatedBeforeTheCutoffAreEmptiedAndEverythingElseIsKept()
    {
        var (store, retention) = await CreateAsync();
        var old = Stored(1, MessageStatus.Delivered, sid: "SM_old", createdAt: T0);
        var young = Stored(2, MessageStatus.Delivered, sid: "SM_young", createdAt: T0.AddDays(2));
        await store.AddAsync(old, Ct);
        await store.AddAsync(young, Ct);

        Assert.Equal(1, await retention.RedactBodiesAsync(T0.AddDays(1), 100, Ct));

        var redacted = (await store.FindAsync(old.Id, Ct))!;
        Assert.Equal("", redacted.Body);
        Assert.Equal(old.To, redacted.To);
        Assert.Equal(old.Status, redacted.Status);
        Assert.Equal(old.Sid, redacted.Sid);
        Assert.True(redacted.Version > old.Version, "Emptying a body must move the version on.");
        Assert.Equal("", (await store.FindBySidAsync("SM_old", Ct))!.Body);
        Assert.Equal(young.Body, (await store.FindAsync(young.Id, Ct))!.Body);
        Assert.Equal(0, await retention.RedactBodiesAsync(T0.AddDays(1), 100, Ct));
    }

    [Fact]
    public async Task AnUpdateAfterTheRedactionKeepsTheBodyEmpty()
    {
        var (store, retention) = await CreateAsync();
        var message = Stored(1, MessageStatus.Sent, sid: "SM_upd", createdAt: T0);
        await store.AddAsync(message, Ct);
        await retention.RedactBodiesAsync(T0.AddDays(1), 100, Ct);

        var updated = await store.UpdateAsync(message.Id, m => m with { Status = MessageStatus.Delivered, UpdatedAt = T0.AddDays(2) }, Ct);

        Assert.Equal(MessageStatus.Delivered, updated!.Status);
        Assert.Equal("", (await store.FindAsync(message.Id, Ct))!.Body);
    }

    [Fact]
    public async Task MessagesCreatedBeforeTheCutoffAreDeletedInBatches()
    {
        var (store, retention) = await CreateAsync();
        var old = Enumerable.Range(1, 5).Select(n => Stored(n, MessageStatus.Delivered, createdAt: T0.AddMinutes(n))).ToArray();
        var young = Stored(9, MessageStatus.Delivered, createdAt: T0.AddDays(3));
        foreach (var message in old.Append(young))
        {
            await store.AddAsync(message, Ct);
        }

        Assert.Equal(2, await retention.DeleteMessagesAsync(T0.AddDays(1), 2, Ct));
        Assert.Equal(2, await retention.DeleteMessagesAsync(T0.AddDays(1), 2, Ct));
        Assert.Equal(1, await retention.DeleteMessagesAsync(T0.AddDays(1), 2, Ct));
        Assert.Equal(0, await retention.DeleteMessagesAsync(T0.AddDays(1), 2, Ct));

        foreach (var message in old)
        {
            Assert.Null(await store.FindAsync(message.Id, Ct));
        }

        Assert.NotNull(await store.FindAsync(young.Id, Ct));
    }
}
