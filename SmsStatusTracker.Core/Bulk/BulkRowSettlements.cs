using System.Collections.Concurrent;

namespace SmsStatusTracker.Core.Bulk;

/// <summary>One row's outcome, waiting to be written.</summary>
public sealed record BulkRowSettlement(int RowNumber, BulkRowOutcome Outcome, Guid? MessageId, string? Error);

/// <summary>
/// Row outcomes of one job, written in batches (every <see cref="MaxRows"/> rows or <see cref="MaxAge"/>, whichever
/// comes first) instead of one write per row, which queued behind every send for SQLite's write lock. Losing unwritten
/// outcomes in a crash is harmless: the rows stay pending, and the runner settles each from its message record, which
/// was stored before Twilio was called.
/// </summary>
internal sealed class BulkRowSettlements(IBulkJobStore store, Guid jobId, TimeProvider time)
{
    public const int MaxRows = 50;
    public static readonly TimeSpan MaxAge = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentQueue<BulkRowSettlement> waiting = new();
    private readonly SemaphoreSlim writing = new(1, 1);
    private DateTimeOffset lastWrite = time.GetUtcNow();

    /// <summary>Queues <paramref name="settlement"/> and writes the queue when it is full or old enough (unless another caller is writing it).</summary>
    public async Task AddAsync(BulkRowSettlement settlement)
    {
        waiting.Enqueue(settlement);
        if ((waiting.Count >= MaxRows || time.GetUtcNow() - lastWrite >= MaxAge) && await writing.WaitAsync(0))
        {
            try
            {
                await WriteQueuedAsync();
            }
            finally
            {
                writing.Release();
            }
        }
    }

    /// <summary>Writes everything queued; called when a batch ends.</summary>
    public async Task FlushAsync()
    {
        await writing.WaitAsync();
        try
        {
            await WriteQueuedAsync();
        }
        finally
        {
            writing.Release();
        }
    }

    private async Task WriteQueuedAsync()
    {
        var batch = new List<BulkRowSettlement>();
        while (waiting.TryDequeue(out var next))
        {
            batch.Add(next);
        }

        lastWrite = time.GetUtcNow();
        if (batch.Count > 0)
        {
            // Not the caller's token: these sends happened, so their rows must say so even when the app is stopping.
            await store.SettleRowsAsync(jobId, batch, CancellationToken.None);
        }
    }
}
