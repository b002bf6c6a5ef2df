namespace SmsStatusTracker.Core.Retention;

/// <summary>
/// What the retention job needs from the store: bounded batches, so a large clean-up never holds the database
/// (SQLite's single write lock, a long MongoDB operation) for long.
/// </summary>
public interface IMessageRetention
{
    /// <summary>
    /// Empties the body of at most <paramref name="batchSize"/> messages created before <paramref name="createdBefore"/>
    /// whose body is not empty yet; everything else (status, history, numbers) is kept, and the version moves on so a
    /// concurrent writer cannot put the body back. Returns how many it emptied.
    /// </summary>
    Task<int> RedactBodiesAsync(DateTimeOffset createdBefore, int batchSize, CancellationToken cancellationToken);

    /// <summary>Deletes at most <paramref name="batchSize"/> messages created before <paramref name="createdBefore"/>; returns how many.</summary>
    Task<int> DeleteMessagesAsync(DateTimeOffset createdBefore, int batchSize, CancellationToken cancellationToken);
}
