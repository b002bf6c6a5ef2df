using SmsStatusTracker.Core.Messages;

namespace SmsStatusTracker.Core.Sending.Idempotency;

/// <summary>
/// A key a caller sent a create with. <see cref="MessageId"/> is chosen when the key is first stored, before the
/// message exists: whoever inserts a message with that id is the one request that calls Twilio, so the message
/// record decides what the key produced.
/// </summary>
/// <param name="Scope">Whose key it is: the acting user's id (all their API keys and the pages share it).</param>
/// <param name="Fingerprint">Which request the key was first used for (<see cref="RequestFingerprint"/>).</param>
/// <param name="Result">The message as first answered, once the request holding the key has finished; a replay answers it.</param>
public sealed record IdempotencyRecord(
    string Scope,
    string Key,
    string Fingerprint,
    Guid MessageId,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    Message? Result = null);

/// <summary>What <see cref="IIdempotencyStore.ClaimAsync"/> found: <see cref="IsNew"/> when the given record was stored, otherwise the live record holding the key.</summary>
public sealed record IdempotencyClaim(bool IsNew, IdempotencyRecord Record);
