using Microsoft.Extensions.Options;

namespace SmsStatusTracker.Core.Bulk;

/// <summary>
/// Spaces sends evenly at <see cref="BulkOptions.MessagesPerSecond"/> per sender: each caller is given the next free
/// slot (1/rate after the previous one, never in the past) and waits for it on the injected clock. A sender that was
/// idle starts at once; it never bursts to catch up for the idle time. One instance per process; the bulk lease makes
/// that one process at a time.
/// </summary>
public sealed class BulkPacer(IOptions<BulkOptions> options, TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, DateTimeOffset> nextSlot = new(StringComparer.Ordinal);

    private TimeSpan Spacing => TimeSpan.FromTicks((long)(TimeSpan.TicksPerSecond / options.Value.MessagesPerSecond));

    /// <summary>Reserves the next slot of <paramref name="sender"/> and returns when it starts.</summary>
    public DateTimeOffset Reserve(string sender)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            var slot = nextSlot.TryGetValue(sender, out var next) && next > now ? next : now;
            nextSlot[sender] = slot + Spacing;
            return slot;
        }
    }

    /// <summary>Reserves a slot and waits until it starts.</summary>
    public async Task WaitForTurnAsync(string sender, CancellationToken cancellationToken)
    {
        var wait = Reserve(sender) - time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken);
        }
    }
}
