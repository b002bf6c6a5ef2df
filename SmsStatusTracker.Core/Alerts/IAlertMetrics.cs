namespace SmsStatusTracker.Core.Alerts;

/// <summary>
/// The numbers alert rules compare with their thresholds, read from the messages by indexed range queries (each
/// adapter's plan is asserted in its tests). Ranges are half-open: <c>since</c> included, <c>until</c> excluded.
/// </summary>
public interface IAlertMetrics
{
    /// <summary>Of the messages created in the range: how many reached an outcome (delivered, read, failed, undelivered) and how many of those failed or were undelivered.</summary>
    Task<(long Outcomes, long Failed)> CountOutcomesAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Messages created in the range whose error code is <paramref name="errorCode"/>.</summary>
    Task<long> CountErrorAsync(int errorCode, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Created → delivered of the messages created in the range and delivered (or read), at most <paramref name="limit"/> of them.</summary>
    Task<IReadOnlyList<TimeSpan>> DeliveryTimesAsync(DateTimeOffset since, DateTimeOffset until, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Messages not final, with a SID (Twilio accepted them), last changed in the range, that never got a status
    /// callback; messages reconciliation gave up on are left out, as in <see cref="Storage.IMessageStore.FindUnsettledAsync"/>.
    /// </summary>
    Task<long> CountWithoutCallbackAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Messages not final last changed before <paramref name="updatedBefore"/>, leaving out those reconciliation gave up on.</summary>
    Task<long> CountStuckAsync(DateTimeOffset updatedBefore, CancellationToken cancellationToken);
}
