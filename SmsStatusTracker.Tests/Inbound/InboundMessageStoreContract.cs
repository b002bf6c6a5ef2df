using SmsStatusTracker.Core.Inbound;

namespace SmsStatusTracker.Tests.Inbound;

/// <summary>What every <see cref="IInboundMessageStore"/> adapter must do; each subclass opens a store over a fresh database per test.</summary>
public abstract class InboundMessageStoreContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A store over the test's database (a new instance each call, as another replica would have); skips when the engine is missing.</summary>
    protected abstract Task<IInboundMessageStore> OpenAsync();

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public abstract ValueTask DisposeAsync();

    protected static InboundMessage Reply(string sid, string from, string body, DateTimeOffset at) =>
        new() { Sid = sid, From = from, To = "+15005550006", Body = body, ReceivedAt = at };

    [Fact]
    public async Task AStoredMessageIsListedForItsSenderWithEveryField()
    {
        var store = await OpenAsync();
        var reply = Reply("SM" + new string('a', 32), "+447700900001", "Thanks, see you then", T0);

        Assert.True(await store.AddAsync(reply, Ct));

        var listed = Assert.Single(await store.ListFromAsync("+447700900001", 10, Ct));
        Assert.Equal(reply, listed);
    }

    [Fact]
    public async Task ARepeatedSidIsStoredOnceEvenFromAnotherReplica()
    {
        var first = await OpenAsync();
        var second = await OpenAsync();
        var reply = Reply("SM" + new string('b', 32), "+447700900002", "STOP", T0);

        Assert.True(await first.AddAsync(reply, Ct));
        Assert.False(await second.AddAsync(reply with { Body = "changed in the retry" }, Ct));

        var listed = Assert.Single(await first.ListFromAsync("+447700900002", 10, Ct));
        Assert.Equal("STOP", listed.Body);
    }

    [Fact]
    public async Task ListingShowsOnlyThatSenderNewestWithinTheLimitOldestFirst()
    {
        var store = await OpenAsync();
        for (var i = 0; i < 5; i++)
        {
            await store.AddAsync(Reply($"SM{i:D32}", "+447700900003", $"reply {i}", T0.AddMinutes(i)), Ct);
        }

        await store.AddAsync(Reply("SM" + new string('c', 32), "+447700900004", "someone else", T0), Ct);

        var listed = await store.ListFromAsync("+447700900003", 3, Ct);

        Assert.Equal(["reply 2", "reply 3", "reply 4"], listed.Select(m => m.Body));
    }
}
