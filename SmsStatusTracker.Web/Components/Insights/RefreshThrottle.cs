namespace SmsStatusTracker.Web.Components.Insights;

/// <summary>
/// Turns a stream of "something changed" into at most one refresh per <see cref="Interval"/>: the first request after a
/// quiet spell refreshes at once, requests during the interval are folded into one refresh at its end. A busy callback
/// stream (hundreds a second) so costs the page one query every two seconds, not one per callback.
/// </summary>
public sealed class RefreshThrottle(TimeProvider time, Func<Task> refresh) : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource stopping = new();
    private readonly Lock gate = new();
    private DateTimeOffset last = DateTimeOffset.MinValue;
    private bool scheduled;

    public void Request()
    {
        TimeSpan wait;
        lock (gate)
        {
            if (scheduled || stopping.IsCancellationRequested)
            {
                return;
            }

            scheduled = true;
            var due = last == DateTimeOffset.MinValue ? time.GetUtcNow() : last + Interval;
            wait = due - time.GetUtcNow();
        }

        _ = RunAsync(wait < TimeSpan.Zero ? TimeSpan.Zero : wait);
    }

    private async Task RunAsync(TimeSpan wait)
    {
        try
        {
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, stopping.Token);
            }

            lock (gate)
            {
                scheduled = false;
                last = time.GetUtcNow();
            }

            await refresh();
        }
        catch (OperationCanceledException)
        {
        }
    }

    public ValueTask DisposeAsync()
    {
        stopping.Cancel();
        stopping.Dispose();
        return ValueTask.CompletedTask;
    }
}
