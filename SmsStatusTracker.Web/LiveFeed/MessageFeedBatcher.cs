using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Web.LiveFeed;

/// <summary>
/// Sends this instance's changes to the batched hub connections (<see cref="MessageFeedGroups.Batched"/>) as
/// <see cref="MessagesChangedEvent"/> frames, so a listener pays per frame, not per change. One reader drains an
/// unbounded queue: the first change after a quiet spell goes out at once; then, while changes keep coming, one window
/// per <see cref="LiveFeedOptions.BatchInterval"/> collects them, and what a window holds goes out in frames of at most
/// <see cref="MaxChangesPerFrame"/>. A slow send holds the reader, so frames grow instead of queueing up. Nothing is
/// dropped: <see cref="Enqueue"/> never waits (the callback's answer does not wait for the feed), a failed send is logged
/// like <see cref="MessageChangePublisher"/> logs its own, and stopping sends what is still queued.
/// </summary>
public sealed class MessageFeedBatcher(
    IHubContext<MessagesHub> hub,
    IOptions<LiveFeedOptions> options,
    TimeProvider time,
    ILogger<MessageFeedBatcher> logger) : BackgroundService
{
    public const int MaxChangesPerFrame = 500;

    // Not SingleReader: that channel cannot count, and a window takes what was queued when it opened.
    private readonly Channel<MessageChangedEvent> queue = Channel.CreateUnbounded<MessageChangedEvent>();

    private int PerFrame => options.Value.BatchInterval > TimeSpan.Zero ? MaxChangesPerFrame : 1;

    /// <summary>Queues a change for the next frame, in the order of the calls.</summary>
    public void Enqueue(MessageChangedEvent change)
    {
        if (!queue.Writer.TryWrite(change))
        {
            logger.LogDebug("The live feed is stopping; a change to message {MessageId} was not batched", change.Message.Id);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Complete first: the reader then sends what is queued and ends, instead of being cut off by the stop signal.
        queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        if (ExecuteTask is null or { IsCompleted: true })
        {
            // A stop right after the start can cancel the loop before it ran: send what it would have.
            await SendQueuedAsync(PerFrame);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.BatchInterval;
        var perFrame = PerFrame;
        // No token: the loop ends when the queue is completed and empty, so a stop flushes it.
        while (await queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            await SendQueuedAsync(perFrame);
            if (interval > TimeSpan.Zero && !stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(interval, time, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    // Stopping: send the rest without waiting out the window.
                }
            }
        }
    }

    /// <summary>One window: what is queued now, in frames of at most <paramref name="perFrame"/>; later changes wait for the next.</summary>
    private async Task SendQueuedAsync(int perFrame)
    {
        var reader = queue.Reader;
        for (var left = reader.Count; left > 0;)
        {
            var frame = new List<MessageChangedEvent>(Math.Min(left, perFrame));
            while (frame.Count < perFrame && reader.TryRead(out var change))
            {
                frame.Add(change);
            }

            if (frame.Count == 0)
            {
                return;
            }

            left -= frame.Count;
            await SendAsync(frame);
        }
    }

    private async Task SendAsync(List<MessageChangedEvent> frame)
    {
        try
        {
            await hub.Clients.Group(MessageFeedGroups.Batched).SendAsync(MessageFeedEvents.MessagesChanged, new MessagesChangedEvent(MessageFeedEvents.Version, frame));
        }
        catch (Exception exception)
        {
            // Redis is down: this instance's pages already have these changes; other listeners resync when it is back.
            logger.LogWarning(exception, "Could not send a frame of {Count} changes to batched live-feed listeners", frame.Count);
        }
    }
}
