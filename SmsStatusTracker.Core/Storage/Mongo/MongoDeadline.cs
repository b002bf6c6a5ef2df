namespace SmsStatusTracker.Core.Storage.Mongo;

/// <summary>
/// Runs one store call under <see cref="MongoStoreOptions.OperationTimeout"/>, retries and re-reads included, and
/// turns driver failures into the port's: past the deadline, or unreachable, is <see cref="StoreUnavailableException"/>
/// (the webhook answers 503 and Twilio retries), refused credentials a configuration error (see <see cref="MongoErrors"/>).
/// The driver's socket timeout bounds a single round trip; this bounds the whole call.
/// </summary>
internal static class MongoDeadline
{
    public static Task<T> RunAsync<T>(MongoStoreOptions options, string action, Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken) =>
        RunAsync(options, options.OperationTimeout, action, operation, cancellationToken);

    /// <summary>Start-up work (creating indexes on a large collection) runs without the per-call deadline.</summary>
    public static Task<T> RunUnboundedAsync<T>(MongoStoreOptions options, string action, Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken) =>
        RunAsync(options, Timeout.InfiniteTimeSpan, action, operation, cancellationToken);

    private static async Task<T> RunAsync<T>(MongoStoreOptions options, TimeSpan timeout, string action, Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var running = operation(deadline.Token);
            // The driver may notice the cancellation only when its socket read ends: stop waiting at the deadline
            // regardless, and observe whatever the abandoned call ends with.
            _ = running.ContinueWith(static task => _ = task.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return await running.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException exception) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(options, action, exception);
        }
        catch (Exception exception) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested && exception is not StoreUnavailableException)
        {
            // Cancelled mid-read, the driver reports the closed connection rather than the cancellation.
            throw TimedOut(options, action, exception);
        }
        catch (Exception exception) when (MongoErrors.Translate(exception, options.Description, action) is { } translated)
        {
            // The driver's own message can list server endpoints and state; ours names the database only.
            throw translated;
        }
    }

    private static StoreUnavailableException TimedOut(MongoStoreOptions options, string action, Exception exception) =>
        new($"{options.Description} could not {action} within {options.OperationTimeout.TotalSeconds:0.###} s (Mongo:OperationTimeout).", exception);
}
