using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Core.Sending.Idempotency;
using SmsStatusTracker.Core.Storage;
using SmsStatusTracker.Core.Twilio;
using SmsStatusTracker.Tests.Infrastructure;

namespace SmsStatusTracker.Tests.Sending.Idempotency;

/// <summary>
/// What every <see cref="IIdempotencyStore"/> adapter must do, alone and under <see cref="IdempotentSend"/> with the
/// same backend's message store. Each subclass opens stores over one fresh database per test; every open is a new
/// instance, as another replica (or the process restarted after a crash) would have.
/// </summary>
public abstract class IdempotencyStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = TestMessages.T0;
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FakeTimeProvider Clock { get; } = new(T0);

    private int twilioCalls;

    /// <summary>A key store over the test's database; skips when the engine is missing.</summary>
    protected abstract Task<IIdempotencyStore> OpenKeysAsync();

    /// <summary>An initialised message store over the same database.</summary>
    protected abstract Task<IMessageStore> OpenMessagesAsync();

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public abstract ValueTask DisposeAsync();

    private static IdempotencyRecord Record(string key, string fingerprint = "f1", string scope = "user-1", DateTimeOffset? at = null, Guid? messageId = null)
    {
        var created = at ?? T0;
        return new IdempotencyRecord(scope, key, fingerprint, messageId ?? Guid.CreateVersion7(), created, created + Lifetime);
    }

    [Fact]
    public async Task TheFirstClaimStoresItsRecordAndLaterClaimsGetThatRecordBack()
    {
        var a = await OpenKeysAsync();
        var b = await OpenKeysAsync();
        var first = Record("key-1");

        var claimed = await a.ClaimAsync(first, T0, Ct);
        var again = await b.ClaimAsync(Record("key-1", fingerprint: "f2"), T0.AddMinutes(1), Ct);

        Assert.True(claimed.IsNew);
        Assert.False(again.IsNew);
        Assert.Equal(first.MessageId, again.Record.MessageId);
        Assert.Equal("f1", again.Record.Fingerprint);
        Assert.Equal(first.ExpiresAt, again.Record.ExpiresAt);
        Assert.Null(again.Record.Result);
    }

    [Fact]
    public async Task OfManyReplicasClaimingOneKeyAtOnceExactlyOneStoresItsRecord()
    {
        for (var round = 0; round < 3; round++)
        {
            var stores = new List<IIdempotencyStore>();
            for (var i = 0; i < 8; i++)
            {
                stores.Add(await OpenKeysAsync());
            }

            var claims = await Task.WhenAll(stores.Select(store => Task.Run(() => store.ClaimAsync(Record($"race-{round}"), T0, Ct), Ct)));

            var winner = Assert.Single(claims, c => c.IsNew);
            Assert.All(claims, c => Assert.Equal(winner.Record.MessageId, c.Record.MessageId));
        }
    }

    [Fact]
    public async Task TheSameKeyOfAnotherCallerIsAnotherKey()
    {
        var store = await OpenKeysAsync();

        Assert.True((await store.ClaimAsync(Record("shared", scope: "alice"), T0, Ct)).IsNew);
        Assert.True((await store.ClaimAsync(Record("shared", scope: "bob"), T0, Ct)).IsNew);
        Assert.True((await store.ClaimAsync(Record("SHARED", scope: "alice"), T0, Ct)).IsNew);
    }

    [Fact]
    public async Task AnExpiredRecordCountsAsAbsentAndTheNextClaimReplacesIt()
    {
        var store = await OpenKeysAsync();
        var old = Record("key-1");
        await store.ClaimAsync(old, T0, Ct);
        await store.CompleteAsync(old.Scope, old.Key, old.MessageId, TestMessages.Stored(1, id: old.MessageId), Ct);
        var later = T0 + Lifetime;

        var fresh = Record("key-1", fingerprint: "f2", at: later);
        var claim = await store.ClaimAsync(fresh, later, Ct);
        var after = await store.ClaimAsync(Record("key-1", at: later), later, Ct);

        Assert.True(claim.IsNew);
        Assert.Equal(fresh.MessageId, after.Record.MessageId);
        Assert.Equal("f2", after.Record.Fingerprint);
        Assert.Null(after.Record.Result);
    }

    [Fact]
    public async Task TheAnswerIsRecordedOnlyOnTheRecordThatPointsAtItsMessage()
    {
        var store = await OpenKeysAsync();
        var record = Record("key-1");
        await store.ClaimAsync(record, T0, Ct);
        var answer = TestMessages.Stored(1, MessageStatus.Queued, sid: "SM00000000000000000000000000000001", id: record.MessageId, createdAt: T0);

        await store.CompleteAsync(record.Scope, record.Key, Guid.CreateVersion7(), answer with { Body = "not mine" }, Ct);
        var unanswered = await store.ClaimAsync(Record("key-1"), T0, Ct);
        await store.CompleteAsync(record.Scope, record.Key, record.MessageId, answer, Ct);
        var answered = await store.ClaimAsync(Record("key-1"), T0, Ct);

        Assert.Null(unanswered.Record.Result);
        SmsStatusTracker.Tests.Storage.MessageStoreTestData.AssertSameMessage(answer, answered.Record.Result);
    }

    [Fact]
    public async Task RemovingExpiredKeysDeletesThoseAndNoOthers()
    {
        var store = await OpenKeysAsync();
        await store.ClaimAsync(Record("old", at: T0), T0, Ct);
        var live = Record("live", at: T0.AddHours(1));
        await store.ClaimAsync(live, T0.AddHours(1), Ct);
        var now = T0 + Lifetime;

        var removed = await store.RemoveExpiredAsync(now, Ct);

        Assert.Equal(1, removed);
        Assert.Equal(0, await store.RemoveExpiredAsync(now, Ct));
        Assert.Equal(live.MessageId, (await store.ClaimAsync(Record("live", at: now), now, Ct)).Record.MessageId);
    }

    // From here on: IdempotentSend over this backend, the send standing in for SmsSender's insert and Twilio call.

    [Fact]
    public async Task ConcurrentDuplicateSendsWithOneKeyCreateOneMessageAndCallTwilioOnce()
    {
        var replicas = new List<(IdempotentSend Sender, IMessageStore Messages)>();
        for (var i = 0; i < 8; i++)
        {
            var messages = await OpenMessagesAsync();
            replicas.Add((NewIdempotentSend(await OpenKeysAsync(), messages), messages));
        }

        var results = await Task.WhenAll(replicas.Select(r => Task.Run(() => OutcomeOrErrorAsync(() => r.Sender.RunAsync("user-1", "once", "f1", Send(r.Messages), Ct)), Ct)));

        Assert.Equal(1, twilioCalls);
        var stored = Assert.Single((await replicas[0].Messages.ListAsync(new(), Ct)).Items);
        Assert.All(results, r => Assert.True(r.Outcome?.Message.Id == stored.Id || r.Error is IdempotencyKeyInFlightException, $"{r.Outcome?.Message.Id} {r.Error}"));
        Assert.Single(results, r => r.Outcome is { Replayed: false });
    }

    [Fact]
    public async Task ACrashAfterTheKeyWasStoredAndBeforeTheMessageWasLeavesTheRetryToSendItOnce()
    {
        var record = Record("crashed");
        await (await OpenKeysAsync()).ClaimAsync(record, T0, Ct);
        var messages = await OpenMessagesAsync();
        var restarted = NewIdempotentSend(await OpenKeysAsync(), messages);

        var retry = await restarted.RunAsync(record.Scope, record.Key, record.Fingerprint, Send(messages), Ct);
        var again = await restarted.RunAsync(record.Scope, record.Key, record.Fingerprint, Send(messages), Ct);

        Assert.Equal(record.MessageId, retry.Message.Id);
        Assert.False(retry.Replayed);
        Assert.True(again.Replayed);
        Assert.Equal(1, twilioCalls);
        Assert.Equal(record.MessageId, Assert.Single((await messages.ListAsync(new(), Ct)).Items).Id);
    }

    [Fact]
    public async Task ACrashAfterTheMessageWasStoredAndBeforeTwilioWasCalledIsNeverSentAgain()
    {
        var record = Record("crashed");
        var messages = await OpenMessagesAsync();
        await (await OpenKeysAsync()).ClaimAsync(record, T0, Ct);
        await messages.AddAsync(TestMessages.Stored(1, id: record.MessageId, createdAt: T0), Ct);
        var restarted = NewIdempotentSend(await OpenKeysAsync(), messages);

        // Its sender may still be waiting for Twilio: the retry is told to wait, then gets the message as it stands.
        await Assert.ThrowsAsync<IdempotencyKeyInFlightException>(() => restarted.RunAsync(record.Scope, record.Key, record.Fingerprint, Send(messages), Ct));
        Clock.Advance(TimeSpan.FromSeconds(61));
        var retry = await restarted.RunAsync(record.Scope, record.Key, record.Fingerprint, Send(messages), Ct);

        Assert.True(retry.Replayed);
        Assert.Equal(record.MessageId, retry.Message.Id);
        Assert.Equal(MessageStatus.Created, retry.Message.Status);
        Assert.Equal(0, twilioCalls);
        Assert.Single((await messages.ListAsync(new(), Ct)).Items);
    }

    [Fact]
    public async Task ARetryGetsTheFirstAnswerNotTheMessageAsItIsNow()
    {
        var messages = await OpenMessagesAsync();
        var sender = NewIdempotentSend(await OpenKeysAsync(), messages);
        var first = await sender.RunAsync("user-1", "key-1", "f1", Send(messages), Ct);
        await messages.UpdateAsync(first.Message.Id, m => m with { Status = MessageStatus.Delivered }, Ct);

        var retry = await NewIdempotentSend(await OpenKeysAsync(), messages).RunAsync("user-1", "key-1", "f1", Send(messages), Ct);

        Assert.False(first.Replayed);
        Assert.True(retry.Replayed);
        SmsStatusTracker.Tests.Storage.MessageStoreTestData.AssertSameMessage(first.Message, retry.Message);
        Assert.Equal(1, twilioCalls);
    }

    [Fact]
    public async Task TheSameKeyForADifferentRequestIsRefusedAndSendsNothing()
    {
        var messages = await OpenMessagesAsync();
        var sender = NewIdempotentSend(await OpenKeysAsync(), messages);
        await sender.RunAsync("user-1", "key-1", "f1", Send(messages), Ct);

        await Assert.ThrowsAsync<IdempotencyKeyReusedException>(() => sender.RunAsync("user-1", "key-1", "f2", Send(messages), Ct));

        Assert.Equal(1, twilioCalls);
    }

    [Fact]
    public async Task KeysOfAnotherCallerDoNotCollide()
    {
        var messages = await OpenMessagesAsync();
        var sender = NewIdempotentSend(await OpenKeysAsync(), messages);

        var alice = await sender.RunAsync("alice", "key-1", "f1", Send(messages), Ct);
        var bob = await sender.RunAsync("bob", "key-1", "f1", Send(messages), Ct);

        Assert.NotEqual(alice.Message.Id, bob.Message.Id);
        Assert.False(bob.Replayed);
        Assert.Equal(2, twilioCalls);
    }

    [Fact]
    public async Task AKeyPastItsLifetimeIsForgottenAndPurged()
    {
        var messages = await OpenMessagesAsync();
        var keys = await OpenKeysAsync();
        var sender = NewIdempotentSend(keys, messages);
        await sender.RunAsync("user-1", "key-1", "f1", Send(messages), Ct);
        await sender.RunAsync("user-1", "never-retried", "f1", Send(messages), Ct);
        Clock.Advance(Lifetime);

        var reused = await sender.RunAsync("user-1", "key-1", "f2", Send(messages), Ct);

        Assert.False(reused.Replayed);
        Assert.Equal(3, twilioCalls);
        // The send purged the key nobody retried: nothing expired is left to delete.
        Assert.Equal(0, await keys.RemoveExpiredAsync(Clock.GetUtcNow(), Ct));
    }

    private IdempotentSend NewIdempotentSend(IIdempotencyStore keys, IMessageStore messages) => new(
        keys,
        messages,
        Options.Create(new IdempotencyOptions { KeyLifetime = Lifetime }),
        Options.Create(new TwilioOptions { RequestTimeout = TimeSpan.FromSeconds(30) }),
        Clock,
        NullLogger<IdempotentSend>.Instance);

    /// <summary>What SmsSender does with the id: insert the message, call Twilio (counted), record its answer.</summary>
    private Func<Guid, Task<Message>> Send(IMessageStore messages) => async id =>
    {
        await messages.AddAsync(TestMessages.Stored(1, id: id, createdAt: Clock.GetUtcNow()), Ct);
        var call = Interlocked.Increment(ref twilioCalls);
        await Task.Yield();
        return await messages.UpdateAsync(id, m => m with { Status = MessageStatus.Queued, Sid = $"SM{call:D32}" }, Ct) ?? throw new InvalidOperationException("lost");
    };

    private static async Task<(Core.Sending.SendOutcome? Outcome, Exception? Error)> OutcomeOrErrorAsync(Func<Task<Core.Sending.SendOutcome>> run)
    {
        try
        {
            return (await run(), null);
        }
        catch (Exception exception)
        {
            return (null, exception);
        }
    }
}
