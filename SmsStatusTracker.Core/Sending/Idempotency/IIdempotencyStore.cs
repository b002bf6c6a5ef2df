using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Sending.Idempotency;

/// <summary>
/// Idempotency keys, unique per (scope, key) in the database itself: of concurrent claims exactly one stores its
/// record and the others get that record back. A record past its <see cref="IdempotencyRecord.ExpiresAt"/> counts
/// as absent and is replaced by the next claim.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>Stores <paramref name="record"/> unless a record not expired at <paramref name="now"/> holds its scope and key; returns which one holds it.</summary>
    Task<IdempotencyClaim> ClaimAsync(IdempotencyRecord record, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records what the request holding the key answered; only on the record that still points at <paramref name="messageId"/>.</summary>
    Task CompleteAsync(string scope, string key, Guid messageId, Message result, CancellationToken cancellationToken);

    /// <summary>Deletes every record expired at <paramref name="now"/>; returns how many.</summary>
    Task<int> RemoveExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
