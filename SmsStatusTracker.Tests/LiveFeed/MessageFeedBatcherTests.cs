using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmsStatusTracker.Core.Messages;
using SmsStatusTracker.Tests.Infrastructure;
using SmsStatusTracker.Web.LiveFeed;

namespace SmsStatusTracker.Tests.LiveFeed;

/// <summary>
/// Batched frames on a clock the test moves: the first change after a quiet spell goes at once, later ones wait for the
/// window, a window goes out in frames of at most 500, and nothing is lost on a failed send or at shutdown.
/// </summary>
public sealed class MessageFeedBatcherTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(25);

    private readonly RecordingHub hub = new();
    private readonly FakeTimeProvider time = new();
    private readonly FakeLogger<MessageFeedBatcher> logger = new();
    private MessageFeedBatcher? batcher;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ChangesQueuedTogetherGoOutInFramesOfAtMostFiveHundredInTheOrderTheyCame()
    {
        var batcher = Batcher(Interval);
        var changes = Changes(1201);
        foreach (var change in changes)
        {
            batcher.Enqueue(change);
        }

        await batcher.StartAsync(Ct);
        await LiveFeedTests.WaitUntilAsync(() => Sent() == 1201);

        var frames = hub.Frames();
        Assert.Equal([500, 500, 201], frames.Select(f => f.Changes.Count));
        Assert.Equal(changes, frames.SelectMany(f => f.Changes));
        Assert.All(frames, f => Assert.Equal(MessageFeedEvents.Version, f.Version));
        Assert.All(hub.Sends, s => Assert.Equal(MessageFeedGroups.Batched, s.To));
    }

    [Fact]
    public async Task TheFirstChangeAfterAQuietSpellGoesAtOnceAndWhatFollowsWaitsForTheInterval()
    {
        var batcher = Batcher(Interval);
        await batcher.StartAsync(Ct);
        var (first, second, third, fourth) = (Change(1), Change(2), Change(3), Change(4));

        batcher.Enqueue(first);
        await LiveFeedTests.WaitUntilAsync(() => Sent() == 1);
        batcher.Enqueue(second);
        batcher.Enqueue(third);
        await Task.Delay(100, Ct);
        Assert.Single(hub.Frames());

        time.Advance(Interval);
        await LiveFeedTests.WaitUntilAsync(() => Sent() == 3);
        // A window with nothing in it ends the busy spell (the pause lets the batcher start that window's timer first).
        await Task.Delay(100, Ct);
        time.Advance(Interval);
        await Task.Delay(50, Ct);
        batcher.Enqueue(fourth);
        await LiveFeedTests.WaitUntilAsync(() => Sent() == 4);

        Assert.Equal([[first], [second, third], [fourth]], hub.Frames().Select(f => f.Changes.ToList()));
    }

    [Fact]
    public async Task WithAZeroIntervalEachChangeGoesInAFrameOfItsOwn()
    {
        var batcher = Batcher(TimeSpan.Zero);
        var changes = Changes(3);
        foreach (var change in changes)
        {
            batcher.Enqueue(change);
        }

        await batcher.StartAsync(Ct);
        await LiveFeedTests.WaitUntilAsync(() => Sent() == 3);

        Assert.Equal(changes, hub.Frames().Select(f => Assert.Single(f.Changes)));
    }

    [Fact]
    public async Task StoppingSendsWhatIsStillQueuedWithoutWaitingForTheWindow()
    {
        var batcher = Batcher(LiveFeedOptionsValidator.MaxBatchInterval);
        await batcher.StartAsync(Ct);
        var changes = Changes(10);
        batcher.Enqueue(changes[0]);
        await LiveFeedTests.WaitUntilAsync(() => Sent() == 1);
        foreach (var change in changes.Skip(1))
        {
            batcher.Enqueue(change);
        }

        await batcher.StopAsync(Ct);

        Assert.Equal(changes, hub.Frames().SelectMany(f => f.Changes));
    }

    [Fact]
    public async Task AStopRightAfterTheStartStillSendsWhatWasQueued()
    {
        // The loop may not have run yet when the stop comes; tried many times to meet that moment.
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var hub = new RecordingHub();
            using var batcher = new MessageFeedBatcher(hub, Options.Create(new LiveFeedOptions { BatchInterval = Interval }), time, logger);
            var changes = Changes(3);
            foreach (var change in changes)
            {
                batcher.Enqueue(change);
            }

            await batcher.StartAsync(Ct);
            await batcher.StopAsync(Ct);

            Assert.Equal(changes, hub.Frames().SelectMany(f => f.Changes));
        }
    }

    [Fact]
    public async Task AFailedSendIsLoggedAndTheNextFrameStillGoes()
    {
        var batcher = Batcher(Interval);
        var failures = 1;
        hub.Failure = () => Interlocked.Decrement(ref failures) >= 0 ? new InvalidOperationException("backplane down") : null;
        await batcher.StartAsync(Ct);

        batcher.Enqueue(Change(1));
        await LiveFeedTests.WaitUntilAsync(() => logger.Collector.Count > 0);
        var next = Change(2);
        batcher.Enqueue(next);
        await LiveFeedTests.WaitUntilAsync(() =>
        {
            time.Advance(Interval);
            return Sent() == 1;
        });

        Assert.Equal(next, Assert.Single(Assert.Single(hub.Frames()).Changes));
        Assert.Equal(LogLevel.Warning, logger.LatestRecord.Level);
        Assert.IsType<InvalidOperationException>(logger.LatestRecord.Exception);
    }

    public void Dispose() => batcher?.Dispose();

    private MessageFeedBatcher Batcher(TimeSpan interval) =>
        batcher = new(hub, Options.Create(new LiveFeedOptions { BatchInterval = interval }), time, logger);

    private int Sent() => hub.Frames().Sum(f => f.Changes.Count);

    private static MessageChangedEvent Change(int n) => MessageChangedEvent.For(TestMessages.Stored(n), MessageChangeKind.StatusChanged);

    private static List<MessageChangedEvent> Changes(int count) => Enumerable.Range(1, count).Select(Change).ToList();
}
